package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyless authorities and the provenance checks of a policy against certificates from a real local
 * Fulcio, whose extensions come from the OIDC token's GitHub claims ({@code repository}, {@code
 * ref}, {@code sha}): an image built from the wrong branch is denied on the certificate alone.
 */
class PolicyKeylessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBJECT =
      "https://github.com/acme/widget/.github/workflows/release.yml@refs/heads/main";

  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();
  @RegisterExtension static final SigstoreMock SIGSTORE = new SigstoreMock();

  @TempDir Path dir;

  private Path policy() throws Exception {
    Path file = dir.resolve("keyless.yaml");
    Files.writeString(
        file,
        """
        apiVersion: provenant.dev/v1
        kind: ImagePolicy
        metadata:
          name: release
        spec:
          match:
            images: ["%s/**"]
          authorities:
            requireTransparencyLog: false
            keyless:
              - name: acme-ci
                issuer: %s
                subjectRegExp: ^https://github.com/acme/
          provenance:
            repository: acme/widget
            ref: refs/heads/main
            workflow: .github/workflows/release.yml
            issuer: %s
            sourceCommit: ffac537e6cbbf934b08745a378932722df287a53
            runnerEnvironment: github-hosted
        """
            .formatted(REGISTRY.address(), SigstoreMock.ISSUER, SigstoreMock.ISSUER));
    return file;
  }

  private CliResult verify(String reference) throws Exception {
    return verify(policy(), reference);
  }

  private static CliResult verify(Path policy, String reference) {
    return CliResult.run(
        "verify",
        "--policy",
        policy.toString(),
        "--trusted-root",
        SIGSTORE.trustedRoot().toString(),
        "--allow-http-registry",
        "-o",
        "json",
        reference);
  }

  private static JsonNode rule(CliResult result, String name) throws Exception {
    for (JsonNode rule :
        JSON.readTree(result.out()).path("images").get(0).path("policies").get(0).path("rules")) {
      if (rule.path("rule").asText().equals(name)) {
        return rule;
      }
    }
    throw new AssertionError("no rule " + name + " in " + result.out());
  }

  @Test
  void certificateFromTheReleaseBranchPassesEveryProvenanceCheck() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "keyless-policy/main", "1.0", Map.of());
    String reference = REGISTRY.address() + "/keyless-policy/main:1.0";
    PolicyEvidence.signFromBranch(SIGSTORE, reference, SUBJECT, "refs/heads/main");

    CliResult result = verify(reference);

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(rule(result, "authorities").path("found").asText()).isEqualTo("signed by acme-ci");
    assertThat(rule(result, "provenance.repository").path("found").asText())
        .isEqualTo("https://github.com/acme/widget");
    assertThat(rule(result, "provenance.workflow").path("found").asText())
        .isEqualTo(".github/workflows/release.yml");
    assertThat(rule(result, "provenance.sourceCommit").path("passed").asBoolean()).isTrue();
    assertThat(rule(result, "provenance.issuer").path("passed").asBoolean()).isTrue();
    assertThat(rule(result, "provenance.runnerEnvironment").path("found").asText())
        .isEqualTo("github-hosted");
  }

  @Test
  void certificateFromAnotherBranchIsDeniedNamingTheBranchFound() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "keyless-policy/feature", "1.0", Map.of());
    String reference = REGISTRY.address() + "/keyless-policy/feature:1.0";
    PolicyEvidence.signFromBranch(SIGSTORE, reference, SUBJECT, "refs/heads/feature/try-it");

    CliResult result = verify(reference);

    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode ref = rule(result, "provenance.ref");
    assertThat(ref.path("passed").asBoolean()).isFalse();
    assertThat(ref.path("expected").asText()).isEqualTo("refs/heads/main");
    assertThat(ref.path("found").asText())
        .startsWith("refs/heads/feature/try-it (certificate of referrer sha256:")
        .endsWith("sourceRepositoryRef)");
    assertThat(rule(result, "authorities").path("passed").asBoolean()).isTrue();
    assertThat(JSON.readTree(result.out()).path("images").get(0).path("reason").asText())
        .startsWith("denied: policy release: provenance.ref: expected refs/heads/main, found");
  }

  @Test
  void certificateForAnotherIdentityDoesNotSatisfyTheKeylessAuthority() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "keyless-policy/mallory", "1.0", Map.of());
    String reference = REGISTRY.address() + "/keyless-policy/mallory:1.0";
    PolicyEvidence.signKeyless(
        SIGSTORE,
        reference,
        SigstoreMock.tokenForSubject("https://github.com/mallory/widget/.github/workflows/x.yml"));

    CliResult result = verify(reference);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(rule(result, "authorities").path("found").asText())
        .contains("not by acme-ci (")
        .contains("mallory");
  }

  private Path sbomPolicy() throws Exception {
    Path file = dir.resolve("sbom.yaml");
    Files.writeString(
        file,
        """
        apiVersion: provenant.dev/v1
        kind: ImagePolicy
        metadata:
          name: sbom
        spec:
          match:
            images: ["%s/**"]
          authorities:
            requireTransparencyLog: false
            keyless:
              - issuer: %s
                subject: %s
          attestations:
            - type: cyclonedx
        """
            .formatted(REGISTRY.address(), SigstoreMock.ISSUER, SUBJECT));
    return file;
  }

  @Test
  void sbomAttestationMadeBySigstoreJsSatisfiesThePolicy() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "keyless-policy/js", "1.0", Map.of());
    String reference = REGISTRY.address() + "/keyless-policy/js:1.0";
    PolicyEvidence.signFromBranch(SIGSTORE, reference, SUBJECT, "refs/heads/main");
    PolicyEvidence.attachSigstoreJsSbom(
        SIGSTORE,
        dir,
        REGISTRY.address(),
        ImageReference.parse(REGISTRY.address() + "/keyless-policy/js@" + image),
        image,
        SUBJECT);

    CliResult result = verify(sbomPolicy(), reference);

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    JsonNode rule = rule(result, "attestation https://cyclonedx.org/bom");
    assertThat(rule.path("found").asText()).isEqualTo("1 accepted");
    assertThat(rule.path("evidence").get(0).asText()).startsWith("referrer sha256:");
  }

  @Test
  void sigstoreJsAttestationAboutAnotherImageDoesNotCount() throws Exception {
    Digest image =
        TestImages.skopeoPush(REGISTRY.address(), "keyless-policy/js-other", "1.0", Map.of());
    Digest other =
        TestImages.skopeoPush(
            REGISTRY.address(), "keyless-policy/js-other", "2.0", Map.of("version", "2"));
    String reference = REGISTRY.address() + "/keyless-policy/js-other:1.0";
    PolicyEvidence.signFromBranch(SIGSTORE, reference, SUBJECT, "refs/heads/main");
    PolicyEvidence.attachSigstoreJsSbom(
        SIGSTORE,
        dir,
        REGISTRY.address(),
        ImageReference.parse(REGISTRY.address() + "/keyless-policy/js-other@" + image),
        other,
        SUBJECT);

    CliResult result = verify(sbomPolicy(), reference);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(rule(result, "attestation https://cyclonedx.org/bom").path("found").asText())
        .startsWith("only attestations that did not verify: referrer sha256:")
        .contains(other.toString());
  }
}
