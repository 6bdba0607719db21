package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import dev.provenant.oci.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --policy}, {@code policy test} and {@code policy lint} against images in Debian's
 * docker-registry, signed and attested with Provenant's own verbs: each rule of the policy format
 * allows what it should and denies the rest with the reason a developer can act on.
 */
class PolicyCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> PASSWORD = Map.of("COSIGN_PASSWORD", "s3cret");
  private static final AtomicInteger REPOSITORIES = new AtomicInteger();

  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  @TempDir static Path keys;
  @TempDir Path dir;

  @BeforeAll
  static void generateKeys() {
    for (String name : List.of("alice", "bob", "carol")) {
      CliResult generated =
          CliResult.runWithEnvironment(
              PASSWORD, "generate-key-pair", "--output-key-prefix", keys.resolve(name).toString());
      assertThat(generated.exitCode()).as(generated.err()).isZero();
    }
  }

  private static String key(String name) {
    return keys.resolve(name + ".key").toString();
  }

  private static String pub(String name) {
    return keys.resolve(name + ".pub").toString();
  }

  /** A new image in its own repository; returns its reference with the tag. */
  private static String pushImage(String tag) throws Exception {
    String repository = "policy/app" + REPOSITORIES.incrementAndGet();
    TestImages.skopeoPush(REGISTRY.address(), repository, tag, Map.of());
    return REGISTRY.address() + "/" + repository + ":" + tag;
  }

  private static void sign(String signer, String reference, String... format) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("sign", "--key", key(signer), "--allow-http-registry", reference));
    args.addAll(List.of(format));
    CliResult signed = CliResult.runWithEnvironment(PASSWORD, args.toArray(String[]::new));
    assertThat(signed.exitCode()).as(signed.err()).isZero();
  }

  private void attest(String signer, String type, String predicateJson, String reference)
      throws Exception {
    PolicyEvidence.attestWithKey(dir, PASSWORD, key(signer), type, predicateJson, reference);
  }

  private Path policy(String spec) throws Exception {
    Path file = Files.createTempFile(dir, "policy", ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: provenant.dev/v1
        kind: ImagePolicy
        metadata:
          name: team
        spec:
          match:
            images: ["%s/**"]
        %s"""
            .formatted(REGISTRY.address(), spec.indent(2)));
    return file;
  }

  private static String keyAuthorities(int threshold, String... names) {
    StringBuilder yaml =
        new StringBuilder("authorities:\n  threshold: " + threshold + "\n")
            .append("  requireTransparencyLog: false\n  keys:\n");
    for (String name : names) {
      yaml.append("    - name: ").append(name).append("\n      file: ").append(pub(name));
      yaml.append('\n');
    }
    return yaml.toString();
  }

  private static CliResult verify(Path policy, String... references) {
    String[] args = new String[references.length + 5];
    args[0] = "verify";
    args[1] = "--policy";
    args[2] = policy.toString();
    args[3] = "--allow-http-registry";
    args[4] = "--output=json";
    System.arraycopy(references, 0, args, 5, references.length);
    return CliResult.run(args);
  }

  private static JsonNode decision(CliResult result) throws Exception {
    JsonNode root = JSON.readTree(result.out());
    return root.path("images").get(0);
  }

  private static JsonNode rule(JsonNode decision, String name) {
    for (JsonNode policy : decision.path("policies")) {
      for (JsonNode rule : policy.path("rules")) {
        if (rule.path("rule").asText().equals(name)) {
          return rule;
        }
      }
    }
    throw new AssertionError("no rule " + name + " in " + decision);
  }

  @Test
  void signedByTheListedKeyIsAllowedAndSaysWhoSigned() throws Exception {
    String image = pushImage("1.0");
    sign("alice", image);

    CliResult result = verify(policy(keyAuthorities(1, "alice")), image);

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    JsonNode decision = decision(result);
    assertThat(decision.path("decision").asText()).isEqualTo("allowed");
    assertThat(decision.path("digest").asText()).startsWith("sha256:");
    JsonNode authorities = rule(decision, "authorities");
    assertThat(authorities.path("passed").asBoolean()).isTrue();
    assertThat(authorities.path("found").asText()).isEqualTo("signed by alice");
    assertThat(authorities.path("evidence").get(0).asText())
        .startsWith("alice: referrer sha256:")
        .contains("(Sigstore bundle) signed by key sha256:");
  }

  @Test
  void unsignedImageIsDeniedNamingTheRuleAndWhatToDo() throws Exception {
    String image = pushImage("1.0");

    CliResult result = verify(policy(keyAuthorities(1, "alice")), image);
    CliResult text =
        CliResult.run(
            "verify",
            "--policy",
            policy(keyAuthorities(1, "alice")).toString(),
            "--allow-http-registry",
            image);

    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode decision = decision(result);
    assertThat(decision.path("decision").asText()).isEqualTo("denied");
    assertThat(decision.path("reason").asText())
        .startsWith("denied: policy team: authorities: expected 1 of 1 authorities to sign (alice)")
        .contains("no signatures");
    assertThat(rule(decision, "authorities").path("remedy").asText()).contains("provenant sign");
    assertThat(text.exitCode()).isEqualTo(1);
    assertThat(text.out())
        .contains("Decision: DENIED")
        .contains("FAIL authorities: expected 1 of 1 authorities to sign (alice)")
        .contains("what to do: sign the image");
  }

  @Test
  void signedByAnotherKeyIsDeniedWithTheSignatureFailure() throws Exception {
    String image = pushImage("1.0");
    sign("bob", image);

    CliResult result = verify(policy(keyAuthorities(1, "alice")), image);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(rule(decision(result), "authorities").path("found").asText())
        .contains("no authority's signature verified")
        .contains("not by alice (the DSSE signature does not verify)");
  }

  @Test
  void aSignatureMadeOfflineIsDeniedByDefaultAndTheRemedyNamesTheSetting() throws Exception {
    String image = pushImage("1.0");
    sign("alice", image);
    String logRequired =
        keyAuthorities(1, "alice").replace("  requireTransparencyLog: false\n", "");

    CliResult result = verify(policy(logRequired), image);

    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode authorities = rule(decision(result), "authorities");
    assertThat(authorities.path("found").asText())
        .contains("not by alice (the bundle has no transparency log entry)");
    assertThat(authorities.path("remedy").asText())
        .contains("provenant sign --rekor-url")
        .contains("authorities.requireTransparencyLog: false");
  }

  @Test
  void twoOfThreeNeedsTwoSignersAndOneIsNotEnough() throws Exception {
    String image = pushImage("1.0");
    Path policy = policy(keyAuthorities(2, "alice", "bob", "carol"));
    sign("alice", image);

    CliResult one = verify(policy, image);
    sign("carol", image, "--format", "legacy");
    CliResult two = verify(policy, image);

    assertThat(one.exitCode()).isEqualTo(1);
    assertThat(rule(decision(one), "authorities").path("found").asText())
        .startsWith("signed by alice only; not by bob (")
        .contains("carol (");
    assertThat(two.exitCode()).as(two.out()).isZero();
    JsonNode authorities = rule(decision(two), "authorities");
    assertThat(authorities.path("found").asText()).isEqualTo("signed by alice, carol");
    assertThat(authorities.path("evidence").get(1).asText())
        .contains(".sig, layer 1 signed by key");
  }

  @Test
  void mutableTagIsDeniedWithDenyMutableTagsAndThePinnedFormIsOffered() throws Exception {
    String image = pushImage("latest");
    sign("alice", image);
    Path policy = policy(keyAuthorities(1, "alice") + "denyMutableTags: true\n");

    CliResult byTag = verify(policy, image);
    String digest = decision(byTag).path("digest").asText();
    CliResult byDigest = verify(policy, image + "@" + digest);

    assertThat(byTag.exitCode()).isEqualTo(1);
    JsonNode rule = rule(decision(byTag), "denyMutableTags");
    assertThat(rule.path("found").asText()).isEqualTo("the mutable tag latest");
    assertThat(rule.path("remedy").asText()).endsWith(image + "@" + digest);
    assertThat(rule(decision(byTag), "authorities").path("passed").asBoolean()).isTrue();
    assertThat(byDigest.exitCode()).as(byDigest.out()).isZero();
  }

  @Test
  void requireDigestDeniesATagEvenWhenSigned() throws Exception {
    String image = pushImage("2.0");
    sign("alice", image);

    CliResult result = verify(policy(keyAuthorities(1, "alice") + "requireDigest: true\n"), image);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(rule(decision(result), "requireDigest").path("found").asText())
        .isEqualTo("tag 2.0 only");
  }

  @Test
  void excludedRegistryIsAllowedAndTheDecisionNamesTheEntry() throws Exception {
    String image = pushImage("1.0");
    Path policy =
        policy(
            keyAuthorities(1, "alice")
                + "exclude:\n  registries: [\""
                + REGISTRY.address()
                + "\"]\n");

    CliResult result = verify(policy, image);

    assertThat(result.exitCode()).as(result.out()).isZero();
    JsonNode decision = decision(result);
    assertThat(decision.path("reason").asText())
        .isEqualTo(
            "allowed: policy team excludes it (exclude.registries: " + REGISTRY.address() + ")");
    assertThat(decision.path("policies").get(0).path("excludedBy").asText())
        .isEqualTo("exclude.registries: " + REGISTRY.address());
  }

  @Test
  void warnModeAllowsButCarriesTheFailures() throws Exception {
    String image = pushImage("1.0");

    CliResult result = verify(policy("mode: warn\n" + keyAuthorities(1, "alice")), image);

    assertThat(result.exitCode()).as(result.out()).isZero();
    JsonNode decision = decision(result);
    assertThat(decision.path("decision").asText()).isEqualTo("warned");
    assertThat(decision.path("reason").asText()).startsWith("allowed in warn mode: policy team: ");
    assertThat(decision.path("warnings").get(0).asText())
        .startsWith(image + ": policy team (warn): authorities: expected 1 of 1");
  }

  @Test
  void imageNoPolicyMatchesIsDeniedUnlessSettingsAllowIt() throws Exception {
    String image = pushImage("1.0");
    Path other = Files.createTempFile(dir, "other", ".yaml");
    Files.writeString(
        other,
        """
        apiVersion: provenant.dev/v1
        kind: ImagePolicy
        metadata:
          name: elsewhere
        spec:
          match:
            images: ["registry.example.com/**"]
          denyMutableTags: true
        """);
    Path settings = Files.createTempFile(dir, "settings", ".yaml");
    Files.writeString(
        settings,
        """
        apiVersion: provenant.dev/v1
        kind: PolicySettings
        spec:
          unmatchedImages: allow
        """);

    CliResult denied = verify(other, image);
    CliResult allowed =
        CliResult.run(
            "verify",
            "--policy",
            other.toString(),
            "--policy",
            settings.toString(),
            "--allow-http-registry",
            "-o",
            "json",
            image);

    assertThat(denied.exitCode()).isEqualTo(1);
    assertThat(decision(denied).path("reason").asText())
        .startsWith("denied: no policy matches this image");
    assertThat(allowed.exitCode()).as(allowed.out() + allowed.err()).isZero();
    assertThat(decision(allowed).path("reason").asText())
        .isEqualTo("allowed: no policy matches it and unmatchedImages is allow");
  }

  @Test
  void missingSbomAttestationIsDeniedListingWhatWasFound() throws Exception {
    String image = pushImage("1.0");
    sign("alice", image);
    attest("alice", "vuln", VULN.formatted(0), image);
    Path policy =
        policy(keyAuthorities(1, "alice") + "attestations:\n  - type: cyclonedx\n  - type: vuln\n");

    CliResult result = verify(policy, image);

    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode decision = decision(result);
    assertThat(rule(decision, "attestation https://cyclonedx.org/bom").path("found").asText())
        .isEqualTo("none (accepted attestations: https://cosign.sigstore.dev/attestation/vuln/v1)");
    assertThat(
            rule(decision, "attestation https://cosign.sigstore.dev/attestation/vuln/v1")
                .path("passed")
                .asBoolean())
        .isTrue();
  }

  private static final String VULN =
      """
      {"scanner": {"uri": "pkg:github/aquasecurity/trivy", "version": "0.50.0",
        "result": {"summary": {"criticalCount": %d, "highCount": 3}}},
       "metadata": {"scanStartedOn": "2026-11-01T00:00:00Z", "scanFinishedOn": "2026-11-01T00:01:00Z"}}
      """;

  @Test
  void vulnerabilityAttestationWithACriticalFailsItsCelCondition() throws Exception {
    String clean = pushImage("1.0");
    String critical = pushImage("1.0");
    for (String image : List.of(clean, critical)) {
      sign("alice", image);
    }
    attest("alice", "vuln", VULN.formatted(0), clean);
    attest("alice", "vuln", VULN.formatted(2), critical);
    Path policy =
        policy(
            keyAuthorities(1, "alice")
                + "attestations:\n  - type: https://cosign.sigstore.dev/attestation/vuln/v1\n"
                + "    condition: \"predicate.scanner.result.summary.criticalCount == 0\"\n");

    CliResult allowed = verify(policy, clean);
    CliResult denied = verify(policy, critical);

    assertThat(allowed.exitCode()).as(allowed.out()).isZero();
    assertThat(denied.exitCode()).isEqualTo(1);
    JsonNode rule =
        rule(decision(denied), "attestation https://cosign.sigstore.dev/attestation/vuln/v1");
    assertThat(rule.path("found").asText())
        .startsWith(
            "predicate.scanner.result.summary.criticalCount == 0 is false in referrer sha256:");
  }

  @Test
  void attestationSignedByAKeyThePolicyDoesNotListDoesNotCount() throws Exception {
    String image = pushImage("1.0");
    sign("alice", image);
    attest("bob", "cyclonedx", "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}", image);

    CliResult result =
        verify(policy(keyAuthorities(1, "alice") + "attestations:\n  - type: cyclonedx\n"), image);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(
            rule(decision(result), "attestation https://cyclonedx.org/bom").path("found").asText())
        .startsWith("only attestations that did not verify: ");
  }

  @Test
  void provenanceFromAnotherRepositoryIsDeniedAndTheRightOneIsAllowed() throws Exception {
    String right = pushImage("1.0");
    String wrong = pushImage("1.0");
    for (String image : List.of(right, wrong)) {
      sign("alice", image);
    }
    attest(
        "alice",
        "slsaprovenance",
        PolicyEvidence.githubProvenance(dir, "acme/widget", right, digestOf(right)),
        right);
    attest(
        "alice",
        "slsaprovenance",
        PolicyEvidence.githubProvenance(dir, "evil/widget", wrong, digestOf(wrong)),
        wrong);
    Path policy =
        policy(
            keyAuthorities(1, "alice")
                + "provenance:\n  repository: acme/widget\n  ref: refs/heads/main\n"
                + "  workflow: .github/workflows/release.yml\n"
                + "  sourceCommit: ffac537e6cbbf934b08745a378932722df287a53\n");

    CliResult allowed = verify(policy, right);
    CliResult denied = verify(policy, wrong);

    assertThat(allowed.exitCode()).as(allowed.out()).isZero();
    assertThat(rule(decision(allowed), "provenance.repository").path("found").asText())
        .isEqualTo("https://github.com/acme/widget");
    assertThat(denied.exitCode()).isEqualTo(1);
    JsonNode rule = rule(decision(denied), "provenance.repository");
    assertThat(rule.path("expected").asText()).isEqualTo("acme/widget");
    assertThat(rule.path("found").asText())
        .startsWith("https://github.com/evil/widget (provenance referrer sha256:");
    assertThat(rule(decision(denied), "provenance.ref").path("passed").asBoolean()).isTrue();
  }

  @Test
  void provenanceRequiredButAbsentIsDenied() throws Exception {
    String image = pushImage("1.0");
    sign("alice", image);

    CliResult result =
        verify(policy(keyAuthorities(1, "alice") + "provenance:\n  builderId: https://x\n"), image);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(rule(decision(result), "provenance.builderId").path("found").asText())
        .startsWith("no accepted signature certificate or SLSA provenance attestation states it");
  }

  private static String digestOf(String image) throws Exception {
    CliResult inspected = CliResult.run("inspect", "--allow-http-registry", "-o", "json", image);
    return JSON.readTree(inspected.out()).path("digest").asText();
  }

  @Test
  void stoppedRegistryIsADenyWithTheReason() throws Exception {
    String image;
    try (TestRegistry registry = TestRegistry.start()) {
      Digest digest = TestImages.skopeoPush(registry.address(), "policy/gone", "1.0", Map.of());
      assertThat(digest).isNotNull();
      image = registry.address() + "/policy/gone:1.0";
    }
    Path policy = Files.createTempFile(dir, "policy", ".yaml");
    Files.writeString(
        policy,
        """
        apiVersion: provenant.dev/v1
        kind: ImagePolicy
        metadata:
          name: gone
        spec:
          match:
            images: ["**"]
          authorities:
            requireTransparencyLog: false
            keys:
              - name: alice
                file: %s
        """
            .formatted(pub("alice")));

    CliResult result = verify(policy, image);

    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode rule = rule(decision(result), "evidence");
    assertThat(rule.path("passed").asBoolean()).isFalse();
    assertThat(rule.path("found").asText()).isNotBlank();
    assertThat(decision(result).path("reason").asText())
        .startsWith("denied: policy gone: evidence");
  }

  private static CliResult policyTest(Path policy, String image, String expect, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "policy",
                "test",
                "--policy",
                policy.toString(),
                "--image",
                image,
                "--expect",
                expect,
                "--allow-http-registry"));
    args.addAll(List.of(extra));
    return CliResult.run(args.toArray(String[]::new));
  }

  @Test
  void policyTestComparesTheOutcomeWithTheExpectation() throws Exception {
    String image = pushImage("1.0");
    Path policy = policy(keyAuthorities(1, "alice"));

    CliResult expectedDeny = policyTest(policy, image, "deny");
    CliResult expectedAllow = policyTest(policy, image, "allow");

    assertThat(expectedDeny.exitCode()).as(expectedDeny.out() + expectedDeny.err()).isZero();
    assertThat(expectedDeny.out()).contains("PASS: expected deny, the decision is denied");
    assertThat(expectedAllow.exitCode()).isEqualTo(1);
    assertThat(expectedAllow.out()).contains("FAIL: expected allow, the decision is denied");
  }

  @Test
  void policyTestWithExpectRuleFailsWhenTheImageIsDeniedForAnotherReason() throws Exception {
    String image = pushImage("latest");
    Path policy = policy(keyAuthorities(1, "alice") + "denyMutableTags: true\n");
    String missing = REGISTRY.address() + "/policy/missing:1.0";

    CliResult forTheTag = policyTest(policy, image, "deny", "--expect-rule", "denyMutableTags");
    CliResult forAMissingImage =
        policyTest(policy, missing, "deny", "--expect-rule", "denyMutableTags");

    assertThat(forTheTag.exitCode()).as(forTheTag.out()).isZero();
    assertThat(forTheTag.out())
        .contains("PASS: expected deny by denyMutableTags, the decision is denied");
    assertThat(forAMissingImage.exitCode()).isEqualTo(1);
    assertThat(forAMissingImage.out())
        .contains(
            "FAIL: expected deny by denyMutableTags, the decision is denied; these rules did not"
                + " fail: denyMutableTags");
  }

  @Test
  void expectRuleCountsOnlyTheRulesOfEnforcingPolicies() throws Exception {
    String image = pushImage("latest");
    Path policy = dir.resolve("mixed.yaml");
    Files.writeString(
        policy,
        """
        apiVersion: provenant.dev/v1
        kind: ImagePolicy
        metadata:
          name: tags
        spec:
          match:
            images: ["%1$s/**"]
          denyMutableTags: true
        ---
        apiVersion: provenant.dev/v1
        kind: ImagePolicy
        metadata:
          name: advisory
        spec:
          mode: warn
          match:
            images: ["%1$s/**"]
          authorities:
            requireTransparencyLog: false
            keys:
              - name: alice
                file: %2$s
        """
            .formatted(REGISTRY.address(), pub("alice")));

    CliResult byTheWarning = policyTest(policy, image, "deny", "--expect-rule", "authorities");
    CliResult byTheEnforcedRule =
        policyTest(policy, image, "deny", "--expect-rule", "denyMutableTags");

    assertThat(byTheWarning.exitCode()).isEqualTo(1);
    assertThat(byTheWarning.out()).contains("these rules did not fail: authorities");
    assertThat(byTheEnforcedRule.exitCode()).as(byTheEnforcedRule.out()).isZero();
  }

  @Test
  void lintPrintsEachProblemWithItsLineAndChangesNothing() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    String text =
        """
        apiVersion: provenant.dev/v1
        kind: ImagePolicy
        metadata:
          name: bad
        spec:
          match:
            images: ["**"]
          modee: warn
          denyMutableTags: true
        """;
    Files.writeString(bad, text);

    CliResult result = CliResult.run("policy", "lint", bad.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).contains(bad + ":8: ").contains("modee");
    assertThat(Files.readString(bad)).isEqualTo(text);
  }

  @Test
  void verifyWithABrokenPolicyNamesEachProblemOnItsOwnLine() throws Exception {
    Path bad = dir.resolve("broken.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: provenant.dev/v1
        kind: ImagePolicy
        metadata:
          name: broken
        spec:
          match:
            images: ["**"]
          modee: warn
          denyMutableTags: true
        """);

    CliResult result = CliResult.run("verify", "--policy", bad.toString(), "example.com/app:1");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("provenant: error: the policy cannot be used (1 problem):\n  " + bad + ":8: ")
        .contains("spec.modee: unknown field");
  }

  @Test
  void verifyWithPolicyRefusesKeysGivenBesideIt() throws Exception {
    CliResult result =
        CliResult.run(
            "verify",
            "--policy",
            policy(keyAuthorities(1, "alice")).toString(),
            "--key",
            pub("alice"),
            "example.com/app:1");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--policy takes the keys and identities from the policies");
  }

  @Test
  void verifyChecksSeveralImagesAndDeniesWhenOneIsDenied() throws Exception {
    String signed = pushImage("1.0");
    String unsigned = pushImage("1.0");
    sign("alice", signed);

    CliResult result = verify(policy(keyAuthorities(1, "alice")), signed, unsigned);

    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode root = JSON.readTree(result.out());
    assertThat(root.path("allowed").asBoolean()).isFalse();
    assertThat(root.path("images").get(0).path("decision").asText()).isEqualTo("allowed");
    assertThat(root.path("images").get(1).path("decision").asText()).isEqualTo("denied");
    assertThat(root.path("policyRevision").asText()).startsWith("sha256:");
  }
}
