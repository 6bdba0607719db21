package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleVerifier;
import dev.provenant.core.bundle.MessageSignature;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.bundle.VerificationKey;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.sigstore.signing.SigstoreBundleSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bundles that Provenant signed keyless against the local Sigstore, then tampered with: each is
 * rejected, and the first failing check says what was wrong.
 */
class SignedBundleTamperTest {
  @RegisterExtension static final SigstoreMock SIGSTORE = new SigstoreMock();

  private static final String SUBJECT = "https://ci.provenant.test/tamper";
  private static final byte[] ARTIFACT = "artifact one\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER = "artifact two\n".getBytes(StandardCharsets.UTF_8);

  private static TrustedRoot root;
  private static Bundle bundle;
  private static Bundle otherBundle;

  @BeforeAll
  static void signTwoArtifacts() throws Exception {
    root = TrustedRoot.parse(Files.readAllBytes(SIGSTORE.trustedRoot()));
    SigstoreBundleSigner signer =
        SigstoreBundleSigner.builder()
            .keyless(SigstoreMock.tokenForSubject(SUBJECT), SIGSTORE.url())
            .rekor(SIGSTORE.url())
            .build();
    bundle = signer.signArtifact(ARTIFACT);
    otherBundle = signer.signArtifact(OTHER);
  }

  @Test
  void theUntamperedBundlesVerify() {
    assertThat(verify(bundle, ARTIFACT).accepted()).as(verify(bundle, ARTIFACT).summary()).isTrue();
    assertThat(verify(otherBundle, OTHER).accepted()).isTrue();
  }

  @Test
  void flippedSignatureBytesAreRejectedAsABadSignature() {
    byte[] signature = bundle.signatureBytes();
    signature[signature.length / 2] ^= 0x01;
    Bundle tampered =
        new Bundle(
            bundle.mediaType(),
            bundle.signingMaterial(),
            bundle.tlogEntries(),
            bundle.rfc3161Timestamps(),
            new MessageSignature(bundle.messageSignature().messageDigest(), signature),
            null);

    SignatureVerdict verdict = verify(tampered, ARTIFACT);

    assertThat(verdict.firstFailure())
        .get()
        .extracting(Check::name, Check::detail)
        .containsExactly("signature", "the signature does not verify over the artifact");
    assertThat(failures(verdict)).contains("tlog-entry");
  }

  @Test
  void anArtifactChangedByOneByteIsRejectedNamingBothDigests() {
    byte[] changed = ARTIFACT.clone();
    changed[0] ^= 0x20;

    SignatureVerdict verdict = verify(bundle, changed);

    assertThat(verdict.firstFailure()).get().extracting(Check::name).isEqualTo("signature");
    assertThat(verdict.checks())
        .filteredOn(c -> c.name().equals("artifact-digest"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.passed()).isFalse();
              assertThat(c.detail())
                  .startsWith("the bundle names sha256:")
                  .contains("the artifact is sha256:");
            });
  }

  @Test
  void aLogEntryOfAnotherSignatureIsRejectedAsRecordingAnotherArtifact() {
    Bundle swapped = withEntries(bundle, otherBundle.tlogEntries());

    SignatureVerdict verdict = verify(swapped, ARTIFACT);

    assertThat(verdict.firstFailure())
        .get()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("tlog-entry");
              assertThat(c.detail()).contains("the entry records another artifact");
            });
  }

  @Test
  void aCertificateWithoutALogEntryOrTimestampHasNoSigningTimeOnceExpired() {
    // The certificate is valid for ten minutes; a day later nothing but a log entry or timestamp
    // could show it was used in time, and the bundle has neither.
    Bundle stripped = withEntries(bundle, List.of());
    Clock dayLater = Clock.fixed(Instant.now().plus(Duration.ofDays(1)), ZoneOffset.UTC);

    SignatureVerdict strict =
        new BundleVerifier(root, dayLater)
            .verify(stripped, "stripped", ARTIFACT, SignBlobMockTest.keyless(root, SUBJECT));
    SignatureVerdict lenient =
        new BundleVerifier(root, dayLater)
            .ignoringMissingTransparencyLog()
            .verify(stripped, "stripped", ARTIFACT, SignBlobMockTest.keyless(root, SUBJECT));

    assertThat(strict.firstFailure())
        .get()
        .extracting(Check::detail)
        .isEqualTo("the bundle has no transparency log entry");
    assertThat(lenient.accepted()).isFalse();
    assertThat(lenient.firstFailure())
        .get()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("signing-time");
              assertThat(c.detail()).startsWith("no verified signing time");
            });
  }

  private static Bundle withEntries(Bundle source, List<TlogEntry> entries) {
    return new Bundle(
        source.mediaType(),
        source.signingMaterial(),
        entries,
        source.rfc3161Timestamps(),
        source.messageSignature(),
        null);
  }

  private static SignatureVerdict verify(Bundle candidate, byte[] artifact) {
    VerificationKey key = SignBlobMockTest.keyless(root, SUBJECT);
    return new BundleVerifier(root, Clock.systemUTC()).verify(candidate, "bundle", artifact, key);
  }

  private static List<String> failures(SignatureVerdict verdict) {
    return verdict.checks().stream().filter(c -> !c.passed()).map(Check::name).toList();
  }
}
