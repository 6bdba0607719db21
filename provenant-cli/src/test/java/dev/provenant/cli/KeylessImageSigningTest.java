package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keyless image signatures end to end: a certificate from a real local Fulcio, a timestamp from a
 * real local timestamp authority (the mock's Rekor v1 cannot log DSSE entries verifiably; see
 * tools/sigstore-mock), the bundle stored with the image in Debian's docker-registry, then found
 * and verified by identity and issuer against the mock's trusted root.
 */
class KeylessImageSigningTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBJECT =
      "https://github.com/provenant/app/.github/workflows/release.yml@refs/heads/main";

  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();
  @RegisterExtension static final SigstoreMock SIGSTORE = new SigstoreMock();

  @Test
  void keylessImageSignatureVerifiesByIdentityAndIssuer() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "keyless/app", "v1", Map.of());
    String reference = REGISTRY.address() + "/keyless/app:v1";

    CliResult signed = signKeyless(reference);
    // Timestamped, not logged: cosign and Provenant then accept it only when told to.
    CliResult strict = verify(reference, SUBJECT, SigstoreMock.ISSUER);
    CliResult verified = verify(reference, SUBJECT, SigstoreMock.ISSUER, "--insecure-ignore-tlog");

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    assertThat(signed.out()).contains("Pushed Sigstore bundle for " + reference + "@" + image);
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.out()).contains("the bundle has no transparency log entry");
    assertThat(verified.exitCode()).as(verified.out()).isZero();
    JsonNode verdict = JSON.readTree(verified.out()).path("signatures").get(0);
    assertThat(verdict.path("signer").path("kind").asText()).isEqualTo("certificate");
    assertThat(verdict.path("signer").path("identity").asText()).isEqualTo(SUBJECT);
    assertThat(verdict.path("checks").findValuesAsText("name"))
        .contains("signature", "artifact-digest", "timestamp", "signing-time", "predicate-type");
  }

  @Test
  void wrongIdentityOrIssuerIsRejectedWithTheReason() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "keyless/other", "v1", Map.of());
    String reference = REGISTRY.address() + "/keyless/other:v1";
    signKeyless(reference);

    CliResult wrongIdentity =
        verify(reference, "https://github.com/mallory/app", SigstoreMock.ISSUER);
    CliResult wrongIssuer = verify(reference, SUBJECT, "https://issuer.example");

    assertThat(wrongIdentity.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(wrongIdentity.out()).path("signatures").get(0).path("reason").asText())
        .contains("mallory");
    assertThat(wrongIssuer.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(wrongIssuer.out()).path("signatures").get(0).path("reason").asText())
        .contains("issuer");
  }

  @Test
  void keylessIsRefusedForTheLegacyFormatWithWhatToUseInstead() throws Exception {
    CliResult signed =
        CliResult.runWithEnvironment(
            Map.of(),
            "sign",
            "--allow-http-registry",
            "--format",
            "legacy",
            "--identity-token",
            SigstoreMock.tokenForSubject(SUBJECT),
            "--fulcio-url",
            SIGSTORE.url().toString(),
            "--timestamp-server-url",
            SIGSTORE.url().toString(),
            REGISTRY.address() + "/keyless/app:v1");

    assertThat(signed.exitCode()).isEqualTo(2);
    assertThat(signed.err()).contains("--format legacy needs --key").contains("--format bundle");
  }

  private static CliResult signKeyless(String reference) {
    return CliResult.runWithEnvironment(
        Map.of(),
        "sign",
        "--allow-http-registry",
        "--identity-token",
        SigstoreMock.tokenForSubject(SUBJECT),
        "--fulcio-url",
        SIGSTORE.url().toString(),
        "--timestamp-server-url",
        SIGSTORE.url().toString(),
        reference);
  }

  private static CliResult verify(
      String reference, String identity, String issuer, String... extra) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "verify",
                "--allow-http-registry",
                "-o",
                "json",
                "--trusted-root",
                SIGSTORE.trustedRoot().toString(),
                "--certificate-identity",
                identity,
                "--certificate-oidc-issuer",
                issuer));
    args.addAll(java.util.List.of(extra));
    args.add(reference);
    return CliResult.runWithEnvironment(Map.of(), args.toArray(String[]::new));
  }
}
