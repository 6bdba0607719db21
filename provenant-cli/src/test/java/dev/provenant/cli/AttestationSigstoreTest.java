package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.bundle.BundleParser;
import dev.provenant.core.digest.Digest;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attestations with the local Sigstore: keyless image attestations (a Fulcio certificate and a
 * timestamp; the mock's Rekor v1 does not log DSSE entries verifiably), {@code attest-blob} bundles
 * checked by {@code verify-blob}, and DSSE bundles exchanged with sigstore-js both ways.
 */
class AttestationSigstoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBJECT =
      "https://github.com/provenant/app/.github/workflows/release.yml@refs/heads/main";

  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();
  @RegisterExtension static final SigstoreMock SIGSTORE = new SigstoreMock();

  @TempDir Path dir;
  Path artifact;

  @BeforeEach
  void writeArtifact() throws Exception {
    artifact = dir.resolve("app.jar");
    Files.write(artifact, new byte[] {'P', 'K', 3, 4, 9, 8, 7});
  }

  @Test
  void keylessImageAttestationVerifiesByIdentity() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "attest/keyless", "v1", Map.of());
    String reference = REGISTRY.address() + "/attest/keyless:v1";

    CliResult attested =
        CliResult.runWithEnvironment(
            Map.of(),
            CliResult.args(
                "attest",
                "--allow-http-registry",
                SIGSTORE.keylessFlags(
                    SigstoreMock.tokenForSubject(SUBJECT), "--timestamp-server-url"),
                "--type",
                "cyclonedx",
                "--predicate",
                AttestCommandTest.predicate("bom-go-mod.cyclonedx.json").toString(),
                reference));
    CliResult verified = verifyKeyless(reference, SUBJECT);
    CliResult impostor = verifyKeyless(reference, "https://github.com/mallory/app");

    assertThat(attested.exitCode()).as(attested.err()).isZero();
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    JsonNode attestation = JSON.readTree(verified.out()).path("attestations").get(0);
    assertThat(attestation.path("signer").path("identity").asText()).isEqualTo(SUBJECT);
    assertThat(attestation.path("predicateType").asText()).isEqualTo("https://cyclonedx.org/bom");
    assertThat(attestation.path("checks").findValuesAsText("name"))
        .contains("signature", "artifact-digest", "timestamp", "signing-time", "predicate-type");
    assertThat(attestation.path("predicate").path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(JSON.readTree(verified.out()).path("subject").asText())
        .isEqualTo(reference + "@" + image);
    assertThat(impostor.exitCode()).isEqualTo(1);
    assertThat(impostor.err()).contains("mallory");
  }

  @Test
  void attestBlobBundleVerifiesWithVerifyBlobAndNamesTheFile() throws Exception {
    Path bundle = dir.resolve("app.intoto.sigstore.json");
    CliResult attested =
        CliResult.runWithEnvironment(
            SignBlobMockTest.PASSWORD,
            CliResult.args(
                "attest-blob",
                SIGSTORE.keylessFlags(
                    SigstoreMock.tokenForSubject(SUBJECT), "--timestamp-server-url"),
                "--type",
                "vuln",
                "--predicate",
                AttestCommandTest.predicate("vuln-predicate.json").toString(),
                "--bundle",
                bundle.toString(),
                artifact.toString()));

    CliResult verified =
        SignBlobMockTest.verifyKeylessBlob(
            SIGSTORE, bundle, artifact, SUBJECT, SigstoreMock.ISSUER, "--insecure-ignore-tlog");
    Files.write(artifact, new byte[] {'P', 'K', 3, 4, 9, 8, 6});
    CliResult other =
        SignBlobMockTest.verifyKeylessBlob(
            SIGSTORE, bundle, artifact, SUBJECT, SigstoreMock.ISSUER, "--insecure-ignore-tlog");

    assertThat(attested.exitCode()).as(attested.err()).isZero();
    JsonNode statement =
        JSON.readTree(
            BundleParser.parse(Files.readAllBytes(bundle)).dsse().orElseThrow().payload());
    assertThat(statement.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
    assertThat(statement.path("subject").get(0).path("name").asText()).isEqualTo("app.jar");
    assertThat(statement.path("predicateType").asText())
        .isEqualTo("https://cosign.sigstore.dev/attestation/vuln/v1");
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out()).contains("the in-toto statement names sha256:");
    assertThat(other.exitCode()).isEqualTo(1);
    assertThat(other.out()).contains(", not the artifact sha256:");
  }

  @Test
  void sigstoreJsVerifiesAProvenantAttestBlobBundle() throws Exception {
    Path prefix = dir.resolve("cosign");
    assertThat(
            CliResult.runWithEnvironment(
                    SignBlobMockTest.PASSWORD,
                    "generate-key-pair",
                    "--output-key-prefix",
                    prefix.toString())
                .exitCode())
        .isZero();
    Path bundle = dir.resolve("app.intoto.sigstore.json");
    // @sigstore/core rejects a TSA genTime with fractional seconds (see SigstoreJsInteropTest):
    // such a run is recognised and attested again.
    SigstoreMock.NodeResult verified = null;
    for (int attempt = 0; attempt < 6; attempt++) {
      CliResult attested =
          CliResult.runWithEnvironment(
              SignBlobMockTest.PASSWORD,
              "attest-blob",
              "--key",
              prefix + ".key",
              "--timestamp-server-url",
              url(),
              "--type",
              "slsaprovenance",
              "--predicate",
              AttestCommandTest.predicate("test-result.json").toString(),
              "--bundle",
              bundle.toString(),
              artifact.toString());
      assertThat(attested.exitCode()).as(attested.err()).isZero();
      verified =
          SIGSTORE.sigstoreJs(
              "verify",
              "--bundle",
              bundle.toString(),
              "--artifact",
              artifact.toString(),
              "--trusted-root",
              SIGSTORE.trustedRoot().toString(),
              "--key",
              prefix + ".pub",
              "--tlog-threshold",
              "0");
      if (verified.exitCode() == 0 || !verified.out().contains("invalid time")) {
        break;
      }
    }

    assertThat(verified.exitCode()).as(verified.out()).isZero();
  }

  @Test
  void provenantVerifiesADsseBundleSigstoreJsAttested() throws Exception {
    String statement =
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"app.jar\","
            + "\"digest\":{\"sha256\":\""
            + Digest.sha256(Files.readAllBytes(artifact)).hex()
            + "\"}}],\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{}}";
    Path payload = dir.resolve("statement.json");
    Files.writeString(payload, statement, StandardCharsets.UTF_8);
    Path bundle = dir.resolve("js.intoto.sigstore.json");
    SigstoreMock.NodeResult attested =
        SIGSTORE.sigstoreJs(
            "attest",
            "--payload",
            payload.toString(),
            "--payload-type",
            "application/vnd.in-toto+json",
            "--out",
            bundle.toString(),
            "--fulcio",
            url(),
            "--tsa",
            url(),
            "--token",
            SigstoreMock.tokenForSubject(SUBJECT));
    assertThat(attested.exitCode()).as(attested.out()).isZero();

    CliResult verified =
        SignBlobMockTest.verifyKeylessBlob(
            SIGSTORE, bundle, artifact, SUBJECT, SigstoreMock.ISSUER, "--insecure-ignore-tlog");

    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out())
        .contains("the DSSE signature verifies")
        .contains("the in-toto statement names sha256:");
  }

  @Test
  void keylessLegacyAttestationWithATimestampVerifiesOnlyWithInsecureIgnoreTlog() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "attest/legacy", "v1", Map.of());
    String reference = REGISTRY.address() + "/attest/legacy:v1";

    CliResult attested = attestKeylessLegacy(reference, "bom-go-mod.cyclonedx.json");
    CliResult strict = verifyKeyless(reference, SUBJECT, false);
    CliResult verified = verifyKeyless(reference, SUBJECT);
    CliResult impostor = verifyKeyless(reference, "https://github.com/mallory/app");

    assertThat(attested.exitCode()).as(attested.err()).isZero();
    assertThat(attested.out()).contains("sha256-" + image.hex() + ".att");
    Map<String, String> annotations =
        KeylessImageSigningTest.layerAnnotations(
                REGISTRY.address(), "attest/legacy", "sha256-" + image.hex() + ".att")
            .getFirst();
    assertThat(annotations)
        .containsKeys(
            "predicateType",
            "dev.sigstore.cosign/certificate",
            "dev.sigstore.cosign/rfc3161timestamp");
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.out() + strict.err()).contains("no transparency log entry");
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    JsonNode attestation = JSON.readTree(verified.out()).path("attestations").get(0);
    assertThat(attestation.path("signer").path("identity").asText()).isEqualTo(SUBJECT);
    assertThat(attestation.path("checks").findValuesAsText("name"))
        .contains("signature", "subject-digest", "timestamp", "signing-time", "predicate-type");
    assertThat(impostor.exitCode()).isEqualTo(1);
  }

  @Test
  void legacyAttestationTimestampOfAnotherEnvelopeIsRejected() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "attest/swap", "v1", Map.of());
    String reference = REGISTRY.address() + "/attest/swap:v1";
    assertThat(attestKeylessLegacy(reference, "bom-go-mod.cyclonedx.json").exitCode()).isZero();
    assertThat(attestKeylessLegacy(reference, "bom-go-mod.cyclonedx.json").exitCode()).isZero();
    String tag = "sha256-" + image.hex() + ".att";
    LegacyLayerTampering.swapAnnotation(
        REGISTRY.address(), "attest/swap", tag, "dev.sigstore.cosign/rfc3161timestamp");

    CliResult verified = verifyKeyless(reference, SUBJECT);

    assertThat(verified.exitCode()).isEqualTo(1);
    assertThat(verified.out() + verified.err())
        .contains("the timestamp is over other data than this signature");
  }

  private static CliResult attestKeylessLegacy(String reference, String predicate) {
    return CliResult.runWithEnvironment(
        Map.of(),
        CliResult.args(
            "attest",
            "--allow-http-registry",
            "--format",
            "legacy",
            SIGSTORE.keylessFlags(SigstoreMock.tokenForSubject(SUBJECT), "--timestamp-server-url"),
            "--type",
            "cyclonedx",
            "--predicate",
            AttestCommandTest.predicate(predicate).toString(),
            reference));
  }

  private static CliResult verifyKeyless(String reference, String identity) {
    return verifyKeyless(reference, identity, true);
  }

  private static CliResult verifyKeyless(
      String reference, String identity, boolean insecureIgnoreTlog) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "verify-attestation",
                "--allow-http-registry",
                "-o",
                "json",
                "--trusted-root",
                SIGSTORE.trustedRoot().toString(),
                "--certificate-identity",
                identity,
                "--certificate-oidc-issuer",
                SigstoreMock.ISSUER));
    if (insecureIgnoreTlog) {
      args.add("--insecure-ignore-tlog");
    }
    args.add(reference);
    return CliResult.runWithEnvironment(Map.of(), args.toArray(String[]::new));
  }

  private static String url() {
    return SIGSTORE.url().toString();
  }
}
