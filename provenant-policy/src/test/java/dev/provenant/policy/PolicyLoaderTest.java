package dev.provenant.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.provenant.core.keys.PublicKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy format as documented loads into the model field by field. */
class PolicyLoaderTest {
  @TempDir Path dir;

  static final String EXAMPLE =
      """
      apiVersion: provenant.dev/v1
      kind: ImagePolicy
      metadata:
        name: production
      spec:
        mode: enforce                      # or warn; default enforce
        match:
          images: ["registry.example.com/team/**"]
          namespaces: ["prod-*"]           # optional, admission only
        exclude:
          images: ["registry.example.com/base/**"]
          registries: ["mirror.internal.example"]
        authorities:
          threshold: 1
          requireTransparencyLog: true
          keys:
            - name: release
              file: keys/release.pub
          keyless:
            - issuer: https://token.actions.githubusercontent.com
              subjectRegExp: ^https://github.com/acme/
              name: acme-ci
              extensions: { githubWorkflowRepository: acme/widget, runnerEnvironment: github-hosted }
        provenance:
          repository: acme/widget
          ref: refs/heads/main
          workflow: .github/workflows/release.yml
          issuer: https://token.actions.githubusercontent.com
          runnerEnvironment: github-hosted
          builderId: https://github.com/actions/runner/github-hosted
          sourceCommit: 0123abcd0123abcd0123abcd0123abcd0123abcd
        attestations:
          - type: https://cyclonedx.org/bom
          - type: https://cosign.sigstore.dev/attestation/vuln/v1
            condition: "predicate.scanner.result.summary.criticalCount == 0"
        requireDigest: false
        denyMutableTags: true
        maxAge: 720h
      """;

  @Test
  void theDocumentedExampleLoadsWithEveryField() throws Exception {
    String pem = TestKeys.newPem();
    Files.createDirectories(dir.resolve("keys"));
    Files.writeString(dir.resolve("keys/release.pub"), pem);
    Path file = Files.writeString(dir.resolve("policy.yaml"), EXAMPLE);

    PolicySet set = PolicyLoader.load(file);

    assertThat(set.unmatched()).isEqualTo(UnmatchedImages.DENY);
    assertThat(set.revision()).matches("sha256:[0-9a-f]{64}");
    assertThat(set.policies()).hasSize(1);
    ImagePolicy policy = set.policies().getFirst();
    assertThat(policy.name()).isEqualTo("production");
    assertThat(policy.source()).isEqualTo(new PolicySource(file, 1));
    assertThat(policy.mode()).isEqualTo(Mode.ENFORCE);
    assertThat(policy.match().images())
        .containsExactly(new ImageGlob("registry.example.com/team/**"));
    assertThat(policy.match().namespaces()).containsExactly(new ImageGlob("prod-*"));
    assertThat(policy.exclude().images())
        .containsExactly(new ImageGlob("registry.example.com/base/**"));
    assertThat(policy.exclude().registries())
        .containsExactly(new ImageGlob("mirror.internal.example"));

    Authorities authorities = policy.authorities();
    assertThat(authorities.threshold()).isEqualTo(1);
    assertThat(authorities.requireTransparencyLog()).isTrue();
    assertThat(authorities.keys()).hasSize(1);
    KeyAuthority key = authorities.keys().getFirst();
    assertThat(key.name()).isEqualTo("release");
    assertThat(PublicKeys.toPem(key.key())).isEqualTo(pem);
    assertThat(key.origin()).isEqualTo(dir.resolve("keys/release.pub").toAbsolutePath().toString());
    assertThat(authorities.keyless())
        .containsExactly(
            new KeylessAuthority(
                "acme-ci",
                "https://token.actions.githubusercontent.com",
                null,
                null,
                "^https://github.com/acme/",
                Map.of(
                    "githubWorkflowRepository", "acme/widget",
                    "runnerEnvironment", "github-hosted")));

    assertThat(policy.provenance())
        .isEqualTo(
            new ProvenanceRequirements(
                "acme/widget",
                "refs/heads/main",
                ".github/workflows/release.yml",
                "https://token.actions.githubusercontent.com",
                "github-hosted",
                "https://github.com/actions/runner/github-hosted",
                "0123abcd0123abcd0123abcd0123abcd0123abcd"));
    assertThat(policy.attestations()).hasSize(2);
    assertThat(policy.attestations().get(0).type()).isEqualTo("https://cyclonedx.org/bom");
    assertThat(policy.attestations().get(0).optionalCondition()).isEmpty();
    assertThat(policy.attestations().get(1).type())
        .isEqualTo("https://cosign.sigstore.dev/attestation/vuln/v1");
    assertThat(policy.attestations().get(1).condition().expression())
        .isEqualTo("predicate.scanner.result.summary.criticalCount == 0");
    assertThat(policy.requireDigest()).isFalse();
    assertThat(policy.denyMutableTags()).isTrue();
    assertThat(policy.maxAge()).isEqualTo(Duration.ofHours(720));
  }

  @Test
  void defaultsApplyWhenFieldsAreLeftOut() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("p.yaml"),
            """
            apiVersion: provenant.dev/v1
            kind: ImagePolicy
            metadata: {name: minimal}
            spec:
              match: {images: ["**"]}
              authorities:
                keyless:
                  - issuer: https://accounts.example.com
                    subject: ci@example.com
            """);

    ImagePolicy policy = PolicyLoader.load(file).policies().getFirst();

    assertThat(policy.mode()).isEqualTo(Mode.ENFORCE);
    assertThat(policy.match().namespaces()).isEmpty();
    assertThat(policy.exclude()).isEqualTo(Exclude.NONE);
    assertThat(policy.authorities().threshold()).isEqualTo(1);
    assertThat(policy.authorities().requireTransparencyLog()).isTrue();
    assertThat(policy.authorities().keyless().getFirst().name())
        .isEqualTo("https://accounts.example.com ci@example.com");
    assertThat(policy.provenance().isEmpty()).isTrue();
    assertThat(policy.attestations()).isEmpty();
    assertThat(policy.requireDigest()).isFalse();
    assertThat(policy.denyMutableTags()).isFalse();
    assertThat(policy.optionalMaxAge()).isEmpty();
  }

  @Test
  void shortPredicateTypeNamesExpandAndWarnModeAndSettingsApply() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("p.yaml"),
            """
            apiVersion: provenant.dev/v1
            kind: PolicySettings
            spec:
              unmatchedImages: allow
            ---
            apiVersion: provenant.dev/v1
            kind: ImagePolicy
            metadata: {name: sboms}
            spec:
              mode: warn
              match: {images: ["ghcr.io/acme/*"]}
              authorities:
                threshold: 2
                requireTransparencyLog: false
                keys:
                  - {name: a, pem: "%s"}
                  - {name: b, pem: "%s"}
              attestations:
                - type: cyclonedx
                - type: slsaprovenance
                - type: vuln
              requireDigest: true
            """
                .formatted(
                    TestKeys.newPem().replace("\n", "\\n"),
                    TestKeys.newPem().replace("\n", "\\n")));

    PolicySet set = PolicyLoader.load(file);

    assertThat(set.unmatched()).isEqualTo(UnmatchedImages.ALLOW);
    ImagePolicy policy = set.policies().getFirst();
    assertThat(policy.source().line()).isEqualTo(6);
    assertThat(policy.mode()).isEqualTo(Mode.WARN);
    assertThat(policy.authorities().threshold()).isEqualTo(2);
    assertThat(policy.authorities().requireTransparencyLog()).isFalse();
    assertThat(policy.authorities().keys())
        .extracting(KeyAuthority::origin)
        .containsOnly("inline PEM");
    assertThat(policy.attestations())
        .extracting(AttestationRequirement::type)
        .containsExactly(
            "https://cyclonedx.org/bom",
            "https://slsa.dev/provenance/v1",
            "https://cosign.sigstore.dev/attestation/vuln/v1");
    assertThat(policy.requireDigest()).isTrue();
  }

  @Test
  void policiesFromSeveralFilesFormOneSet() throws Exception {
    Path first =
        Files.writeString(
            dir.resolve("a.yaml"),
            """
            apiVersion: provenant.dev/v1
            kind: ImagePolicy
            metadata: {name: tags}
            spec: {match: {images: ["**"]}, denyMutableTags: true}
            """);
    Path second =
        Files.writeString(
            dir.resolve("b.yaml"),
            """
            apiVersion: provenant.dev/v1
            kind: ImagePolicy
            metadata: {name: digests}
            spec: {match: {images: ["**"]}, requireDigest: true}
            """);

    PolicySet set = PolicyLoader.load(List.of(first, second));

    assertThat(set.policies()).extracting(ImagePolicy::name).containsExactly("tags", "digests");
    PolicyException duplicate =
        catchThrowableOfType(
            PolicyException.class, () -> PolicyLoader.load(List.of(first, second, first)));
    assertThat(duplicate.problems()).hasSize(1);
    assertThat(duplicate.problems().getFirst().message())
        .isEqualTo("metadata.name: policy name 'tags' is already used at " + first + ":1");
  }
}
