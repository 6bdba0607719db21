package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * sigstore-js (npm {@code sigstore} 5.0.1, {@code @sigstore/verify} 4.1.3) as the independent peer,
 * against the same local Sigstore: it verifies the bundles Provenant signs, keyless and keyed, and
 * Provenant verifies the bundles it signs.
 */
class SigstoreJsInteropTest {
  @RegisterExtension static final SigstoreMock SIGSTORE = new SigstoreMock();

  private static final String SUBJECT =
      "https://github.com/provenant/app/.github/workflows/ci.yml@refs/heads/main";

  @TempDir Path dir;
  Path artifact;

  @BeforeEach
  void writeArtifact() throws Exception {
    artifact = dir.resolve("app.jar");
    Files.write(artifact, new byte[] {'P', 'K', 3, 4, 0, 1, 2, 3});
  }

  @Test
  void sigstoreJsVerifiesProvenantsKeylessBundleWithARekorEntry() throws Exception {
    Path bundle = dir.resolve("app.sigstore.json");
    CliResult signed =
        SignBlobMockTest.sign(
            SIGSTORE.keylessFlags(SigstoreMock.tokenForSubject(SUBJECT), "--rekor-url"),
            "--bundle",
            bundle.toString(),
            artifact.toString());
    assertThat(signed.exitCode()).as(signed.err()).isZero();

    SigstoreMock.NodeResult verified = verifyKeyless(bundle, SUBJECT, "1");

    assertThat(verified.exitCode()).as(verified.out()).isZero();
    assertThat(verified.out()).startsWith("verified").contains(SUBJECT);
  }

  @Test
  void sigstoreJsVerifiesProvenantsKeylessBundleWithATimestamp() throws Exception {
    // @sigstore/mock's TSA writes genTime with fractional seconds when the millisecond is not 0
    // ("20261122011055.88Z", which RFC 3161 allows), and @sigstore/core 4.0.1 rejects such a time
    // as "invalid time": about one timestamp in five. Such a run is recognised exactly and signed
    // again; any other failure fails the test.
    Path bundle = dir.resolve("app.sigstore.json");
    SigstoreMock.NodeResult verified = null;
    for (int attempt = 0; attempt < 6; attempt++) {
      CliResult signed =
          SignBlobMockTest.sign(
              SIGSTORE.keylessFlags(
                  SigstoreMock.tokenForSubject(SUBJECT), "--timestamp-server-url"),
              "--bundle",
              bundle.toString(),
              artifact.toString());
      assertThat(signed.exitCode()).as(signed.err()).isZero();
      verified = verifyKeyless(bundle, SUBJECT, "0");
      if (verified.exitCode() == 0) {
        break;
      }
      assertThat(verified.out()).contains("invalid time");
      assertThat(genTimeHasFraction(bundle))
          .as("the timestamp's genTime has fractional seconds")
          .isTrue();
    }

    assertThat(verified.exitCode()).as(verified.out()).isZero();
  }

  private static boolean genTimeHasFraction(Path bundle) throws Exception {
    byte[] token =
        dev.provenant.core.bundle.BundleParser.parse(Files.readAllBytes(bundle))
            .rfc3161Timestamps()
            .getFirst();
    return new org.bouncycastle.tsp.TimeStampResponse(token)
                .getTimeStampToken()
                .getTimeStampInfo()
                .getGenTime()
                .getTime()
            % 1000
        != 0;
  }

  @Test
  void sigstoreJsVerifiesProvenantsKeyedBundleWithARekorEntry() throws Exception {
    Path prefix = dir.resolve("cosign");
    assertThat(
            CliResult.runWithEnvironment(
                    SignBlobMockTest.PASSWORD,
                    "generate-key-pair",
                    "--output-key-prefix",
                    prefix.toString())
                .exitCode())
        .isZero();
    Path bundle = dir.resolve("app.sigstore.json");
    CliResult signed =
        SignBlobMockTest.sign(
            "--key",
            prefix + ".key",
            "--rekor-url",
            url(),
            "--bundle",
            bundle.toString(),
            artifact.toString());
    assertThat(signed.exitCode()).as(signed.err()).isZero();

    SigstoreMock.NodeResult verified =
        SIGSTORE.sigstoreJs(
            "verify",
            "--bundle",
            bundle.toString(),
            "--artifact",
            artifact.toString(),
            "--trusted-root",
            SIGSTORE.trustedRoot().toString(),
            "--key",
            prefix + ".pub");

    assertThat(verified.exitCode()).as(verified.out()).isZero();
  }

  @Test
  void sigstoreJsRejectsAProvenantBundleOverAnotherArtifact() throws Exception {
    Path bundle = dir.resolve("app.sigstore.json");
    CliResult signed =
        SignBlobMockTest.sign(
            SIGSTORE.keylessFlags(SigstoreMock.tokenForSubject(SUBJECT), "--rekor-url"),
            "--bundle",
            bundle.toString(),
            artifact.toString());
    assertThat(signed.exitCode()).as(signed.err()).isZero();
    Files.write(artifact, new byte[] {'P', 'K', 3, 4, 0, 1, 2, 4});

    SigstoreMock.NodeResult verified = verifyKeyless(bundle, SUBJECT, "1");

    assertThat(verified.exitCode()).as(verified.out()).isEqualTo(1);
    assertThat(verified.out()).contains("sigstore-js verify failed");
  }

  @Test
  void provenantVerifiesWhatSigstoreJsSignsWithRekorAndATimestamp() throws Exception {
    Path bundle = dir.resolve("js.sigstore.json");
    SigstoreMock.NodeResult signed =
        SIGSTORE.sigstoreJs(
            "sign",
            "--artifact",
            artifact.toString(),
            "--out",
            bundle.toString(),
            "--fulcio",
            url(),
            "--rekor",
            url(),
            "--tsa",
            url(),
            "--token",
            SigstoreMock.tokenForSubject(SUBJECT));
    assertThat(signed.exitCode()).as(signed.out()).isZero();

    CliResult verified =
        SignBlobMockTest.verifyKeylessBlob(
            SIGSTORE, bundle, artifact, SUBJECT, SigstoreMock.ISSUER);

    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out()).contains("RFC 3161 timestamp").contains("signed-entry-timestamp");
    CliResult wrong =
        SignBlobMockTest.verifyKeylessBlob(
            SIGSTORE, bundle, artifact, "https://elsewhere.test/x", SigstoreMock.ISSUER);
    assertThat(wrong.exitCode()).isEqualTo(1);
  }

  @Test
  void provenantVerifiesWhatSigstoreJsSignsWithATimestampOnly() throws Exception {
    Path bundle = dir.resolve("js.sigstore.json");
    SigstoreMock.NodeResult signed =
        SIGSTORE.sigstoreJs(
            "sign",
            "--artifact",
            artifact.toString(),
            "--out",
            bundle.toString(),
            "--fulcio",
            url(),
            "--tsa",
            url(),
            "--token",
            SigstoreMock.tokenForSubject(SUBJECT));
    assertThat(signed.exitCode()).as(signed.out()).isZero();

    CliResult verified =
        SignBlobMockTest.verifyKeylessBlob(
            SIGSTORE, bundle, artifact, SUBJECT, SigstoreMock.ISSUER, "--insecure-ignore-tlog");

    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
  }

  private SigstoreMock.NodeResult verifyKeyless(Path bundle, String identity, String tlogThreshold)
      throws Exception {
    return SIGSTORE.sigstoreJs(
        "verify",
        "--bundle",
        bundle.toString(),
        "--artifact",
        artifact.toString(),
        "--trusted-root",
        SIGSTORE.trustedRoot().toString(),
        "--identity",
        identity,
        "--issuer",
        SigstoreMock.ISSUER,
        "--tlog-threshold",
        tlogThreshold);
  }

  private String url() {
    return SIGSTORE.url().toString();
  }
}
