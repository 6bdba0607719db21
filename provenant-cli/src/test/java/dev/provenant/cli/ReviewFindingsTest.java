package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.Signer;
import dev.provenant.core.verification.VerificationReport;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import dev.provenant.oci.testing.TestRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Verification fails closed and says why, whatever is hostile or broken around it. */
class ReviewFindingsTest {
  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  @TempDir Path dir;
  private final Map<String, String> environment = new HashMap<>(Map.of("COSIGN_PASSWORD", "pw"));
  private String key;
  private String pub;

  @BeforeEach
  void keys() {
    CliResult generated =
        CliResult.runWithEnvironment(
            environment, "generate-key-pair", "--output-key-prefix", dir.resolve("k").toString());
    assertThat(generated.exitCode()).isZero();
    key = dir.resolve("k.key").toString();
    pub = dir.resolve("k.pub").toString();
  }

  @Test
  void registryCredentialsFromFlagsGoOnlyToTheRegistryOfTheImage() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "scoped/app", "v1", Map.of());
    try (TestRegistry guarded = TestRegistry.withBasicAuth("alice", "s3cret")) {
      environment.put("COSIGN_REPOSITORY", guarded.address() + "/signatures");

      CliResult signed =
          CliResult.runWithEnvironment(
              environment,
              "sign",
              "--allow-http-registry",
              "--format",
              "legacy",
              "--registry-username",
              "alice",
              "--registry-password",
              "s3cret",
              "--key",
              key,
              REGISTRY.address() + "/scoped/app:v1");

      // The signature registry wanted alice's password, but it was given for the image's
      // registry: it must not have been sent there.
      assertThat(signed.exitCode()).isEqualTo(2);
      assertThat(signed.err()).contains(guarded.address()).contains("401");
    }
  }

  @Test
  void emptyIdentityRegexpIsAUsageErrorNotAnyoneIsAccepted() throws Exception {
    Path artifact = Files.writeString(dir.resolve("a.txt"), "a");

    CliResult result =
        CliResult.run(
            "verify-blob",
            "--bundle",
            dir.resolve("none.json").toString(),
            "--trusted-root",
            "public-good",
            "--certificate-identity-regexp",
            "",
            "--certificate-oidc-issuer-regexp",
            "",
            artifact.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("it would accept any signer");
  }

  @Test
  void certificateConstraintsWithAKeyAreAUsageErrorRatherThanIgnored() {
    CliResult result =
        CliResult.run(
            "verify",
            "--key",
            pub,
            "--certificate-github-workflow-repository",
            "acme/widget",
            REGISTRY.address() + "/x:v1");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("exclude each other");
  }

  @Test
  void aReferrerThatIsGoneIsRejectedWhileTheOtherSignaturesAreStillChecked() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "stale/app", "v1", Map.of());
    String reference = REGISTRY.address() + "/stale/app:v1";
    CliResult signed =
        CliResult.runWithEnvironment(
            environment,
            "sign",
            "--allow-http-registry",
            "--format",
            "both",
            "--key",
            key,
            "-o",
            "json",
            reference);
    String referrer =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(signed.out())
            .path("signatures")
            .get(0)
            .path("referrer")
            .asText();
    deleteManifest("stale/app", referrer);

    CliResult verified =
        CliResult.runWithEnvironment(
            environment,
            "verify",
            "--allow-http-registry",
            "--insecure-ignore-tlog",
            "--key",
            pub,
            reference);

    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out())
        .contains("ACCEPTED  tag sha256-")
        .contains("REJECTED  referrer " + referrer)
        .contains("the referrer could not be read");
  }

  @Test
  void controlCharactersFromSignedDataCannotForgeOutputLines() {
    VerificationReport report =
        new VerificationReport(
            "registry.example/app@sha256:" + "a".repeat(64),
            List.of(
                new SignatureVerdict(
                    "tag x\n\n  ACCEPTED  tag fake",
                    Signer.key("sha256:ab"),
                    List.of(
                        Check.fail(
                            "payload", "bad\nVerified: 1 of 1 signature(s) accepted.\u001b[8m")))));
    StringWriter out = new StringWriter();

    VerdictPrinter.printText(report, new PrintWriter(out, true));

    assertThat(out.toString().lines())
        .noneMatch(line -> line.startsWith("  ACCEPTED"))
        .noneMatch(line -> line.startsWith("Verified:"));
    assertThat(out.toString()).doesNotContain("\u001b").contains("\\u001b[8m");
  }

  private static void deleteManifest(String repository, String digest) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var response =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        "http://"
                            + REGISTRY.address()
                            + "/v2/"
                            + repository
                            + "/manifests/"
                            + digest))
                .DELETE()
                .build(),
            java.net.http.HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(202);
  }
}
