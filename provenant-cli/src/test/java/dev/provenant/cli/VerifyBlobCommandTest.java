package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code provenant verify-blob}'s command line: usage errors, constraints and JSON output. */
class VerifyBlobCommandTest {
  private static final String IDENTITY =
      "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/"
          + "workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  private static final String ISSUER = "https://token.actions.githubusercontent.com";

  private Path suite;
  private String bundle;
  private String artifact;

  @BeforeEach
  void locateTestData() {
    suite = ProjectRoot.path().resolve("../shared/testdata/sigstore-conformance/bundle-verify");
    if (!Files.isDirectory(suite)) {
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail("the conformance test data is missing in CI: " + suite);
      }
      Assumptions.abort("the conformance test data is not at " + suite + "; skipped outside CI");
    }
    bundle = suite.resolve("happy-path-v0.3/bundle.sigstore.json").toString();
    artifact = suite.resolve("a.txt").toString();
  }

  @Test
  void withoutATrustedRootNothingIsTrustedAndTheUserIsToldHow() {
    CliResult result =
        CliResult.run(
            "verify-blob",
            "--bundle",
            bundle,
            "--certificate-identity",
            IDENTITY,
            "--certificate-oidc-issuer",
            ISSUER,
            artifact);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--trusted-root is required").contains("public-good");
  }

  @Test
  void theShippedPublicGoodRootVerifiesAPublicBundle() {
    CliResult result =
        CliResult.run(
            "verify-blob",
            "--bundle",
            bundle,
            "--trusted-root",
            "public-good",
            "--certificate-identity",
            IDENTITY,
            "--certificate-oidc-issuer",
            ISSUER,
            artifact);

    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  @Test
  void anUnreadableBundleIsAnInputError() {
    CliResult result =
        CliResult.run(
            "verify-blob",
            "--bundle",
            suite.resolve("no-such.json").toString(),
            "--trusted-root",
            "public-good",
            "--certificate-identity",
            IDENTITY,
            "--certificate-oidc-issuer",
            ISSUER,
            artifact);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("no-such.json: no such file");
  }

  @Test
  void neitherKeyNorIdentityIsAUsageError() {
    CliResult result =
        CliResult.run("verify-blob", "--bundle", bundle, "--trusted-root", "public-good", artifact);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("give --key KEY");
  }

  @Test
  void githubConstraintsAreCheckedAgainstTheFulcioExtensions() {
    CliResult accepted =
        CliResult.run(
            "verify-blob",
            "--bundle",
            bundle,
            "--trusted-root",
            "public-good",
            "--certificate-identity-regexp",
            "^https://github\\.com/sigstore-conformance/",
            "--certificate-oidc-issuer",
            ISSUER,
            "--certificate-github-workflow-repository",
            "sigstore-conformance/extremely-dangerous-public-oidc-beacon",
            "--certificate-github-workflow-ref",
            "refs/heads/main",
            "--certificate-runner-environment",
            "github-hosted",
            artifact);
    CliResult rejected =
        CliResult.run(
            "verify-blob",
            "--bundle",
            bundle,
            "--trusted-root",
            "public-good",
            "--certificate-identity",
            IDENTITY,
            "--certificate-oidc-issuer",
            ISSUER,
            "--certificate-runner-environment",
            "self-hosted",
            artifact);

    assertThat(accepted.exitCode()).as(accepted.out()).isZero();
    assertThat(rejected.exitCode()).isEqualTo(1);
    assertThat(rejected.err())
        .contains("runner-environment is 'github-hosted', expected 'self-hosted'");
  }

  @Test
  void jsonOutputCarriesEveryCheckAndTheDecodedExtensions() throws Exception {
    CliResult result =
        CliResult.run(
            "verify-blob",
            "--output",
            "json",
            "--bundle",
            bundle,
            "--trusted-root",
            "public-good",
            "--certificate-identity",
            IDENTITY,
            "--certificate-oidc-issuer",
            "https://accounts.google.com",
            artifact);

    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.path("verified").asBoolean()).isFalse();
    JsonNode verdict = json.path("signatures").get(0);
    assertThat(verdict.path("reason").asText()).contains("OIDC issuer is");
    assertThat(verdict.path("signer").path("extensions").path("sourceRepositoryURI").asText())
        .isEqualTo(
            "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon");
    assertThat(verdict.path("checks").size()).isGreaterThan(5);
  }
}
