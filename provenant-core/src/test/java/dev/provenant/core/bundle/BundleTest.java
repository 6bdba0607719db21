package dev.provenant.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.timestamp.Rfc3161Verifier;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Parsing, writing and keyed verification of a real managed-key bundle from sigstore-conformance.
 */
class BundleTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private Path suite;
  private byte[] bundleJson;
  private byte[] artifact;
  private VerificationKey key;
  private BundleVerifier verifier;

  @BeforeEach
  void loadManagedKeyBundle() throws Exception {
    String root = System.getProperty("provenant.project.root", ".");
    Path testdata = Path.of(root).resolve("../shared/testdata").normalize();
    if (!Files.isDirectory(testdata)) {
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail("test data missing in CI: " + testdata);
      }
      Assumptions.abort("test data not at " + testdata + "; skipped outside CI");
    }
    suite = testdata.resolve("sigstore-conformance/bundle-verify");
    Path dir = suite.resolve("managed-key-happy-path");
    bundleJson = Files.readAllBytes(dir.resolve("bundle.sigstore.json"));
    artifact = Files.readAllBytes(suite.resolve("a.txt"));
    key =
        new VerificationKey.Managed(PublicKeys.parsePem(Files.readString(dir.resolve("key.pub"))));
    verifier =
        new BundleVerifier(
            TrustedRoot.parse(Files.readAllBytes(testdata.resolve("production_trusted_root.json"))),
            NOW);
  }

  @Test
  void aManagedKeyBundleVerifiesWithEveryStepReported() {
    SignatureVerdict verdict = verifier.verify(bundleJson, "test", artifact, key);

    assertThat(verdict.accepted()).as(verdict.checks().toString()).isTrue();
    assertThat(verdict.checks())
        .extracting(Check::name)
        .contains(
            "signature",
            "artifact-digest",
            "timestamp",
            "tlog-entry",
            "signed-entry-timestamp",
            "inclusion-proof",
            "checkpoint",
            "signing-time");
  }

  @Test
  void signedAtIsTheEarliestVerifiedTimeOfTheLogEntryAndTheTimestamp() throws Exception {
    Bundle bundle = BundleParser.parse(bundleJson);

    SignatureVerdict verdict = verifier.verify(bundle, "test", artifact, key);

    Instant integrated = Instant.ofEpochSecond(bundle.tlogEntries().getFirst().integratedTime());
    Instant timestamped = timestampTime(bundle);
    assertThat(verdict.accepted()).isTrue();
    assertThat(verdict.signedAt())
        .isEqualTo(integrated.isBefore(timestamped) ? integrated : timestamped);
  }

  @Test
  void anIntegratedTimeWhoseSetDoesNotVerifyIsNotASigningTime() throws Exception {
    Bundle bundle = BundleParser.parse(bundleJson);
    TlogEntry entry = bundle.tlogEntries().getFirst();
    // Years earlier than anything verified: were it used, it would be the earliest time.
    TlogEntry backdated =
        new TlogEntry(
            entry.logIndex(),
            entry.logId(),
            entry.kind(),
            entry.version(),
            entry.integratedTime() - 3 * 365 * 24 * 3600L,
            entry.signedEntryTimestamp(),
            entry.inclusionProof(),
            entry.canonicalizedBody());
    Bundle untimed =
        new Bundle(
            bundle.mediaType(),
            bundle.signingMaterial(),
            List.of(backdated),
            List.of(),
            bundle.messageSignature(),
            null);
    Bundle timestampedOnly =
        new Bundle(
            bundle.mediaType(),
            bundle.signingMaterial(),
            List.of(backdated),
            bundle.rfc3161Timestamps(),
            bundle.messageSignature(),
            null);

    SignatureVerdict noTime = verifier.verify(untimed, "test", artifact, key);
    SignatureVerdict onlyTheTimestamp = verifier.verify(timestampedOnly, "test", artifact, key);

    assertThat(noTime.accepted()).isFalse();
    assertThat(noTime.signedAt()).isNull();
    assertThat(onlyTheTimestamp.signedAt()).isEqualTo(timestampTime(bundle));
  }

  private Instant timestampTime(Bundle bundle) throws Exception {
    TrustedRoot root =
        TrustedRoot.parse(
            Files.readAllBytes(suite.resolve("../../production_trusted_root.json").normalize()));
    return Rfc3161Verifier.verify(
            bundle.rfc3161Timestamps().getFirst(),
            bundle.signatureBytes(),
            root.timestampAuthorities())
        .time();
  }

  @Test
  void aFlippedByteInTheSignatureIsRejectedAtTheSignatureCheck() throws Exception {
    Bundle bundle = BundleParser.parse(bundleJson);
    byte[] signature = bundle.messageSignature().signature();
    signature[signature.length / 2] ^= 0x01;
    Bundle tampered =
        new Bundle(
            bundle.mediaType(),
            bundle.signingMaterial(),
            bundle.tlogEntries(),
            bundle.rfc3161Timestamps(),
            new MessageSignature(bundle.messageSignature().messageDigest(), signature),
            null);

    SignatureVerdict verdict = verifier.verify(tampered, "test", artifact, key);

    assertThat(verdict.accepted()).isFalse();
    assertThat(verdict.firstFailure().orElseThrow().name()).isEqualTo("signature");
  }

  @Test
  void aFlippedByteInTheArtifactIsRejected() {
    artifact[0] ^= 0x01;

    SignatureVerdict verdict = verifier.verify(bundleJson, "test", artifact, key);

    assertThat(verdict.accepted()).isFalse();
    assertThat(verdict.firstFailure().orElseThrow().name()).isEqualTo("signature");
  }

  @Test
  void writtenBundlesReadBackAndStillVerify() throws Exception {
    Bundle bundle = BundleParser.parse(bundleJson);

    byte[] written = BundleWriter.write(bundle);

    assertThat(verifier.verify(written, "test", artifact, key).accepted()).isTrue();
    assertThat(new String(written, StandardCharsets.UTF_8))
        .contains("\"mediaType\" : \"application/vnd.dev.sigstore.bundle.v0.3+json\"")
        .contains("\"logIndex\" : \"771488337\"");
  }

  @Test
  void anUnknownMediaTypeHasItsOwnReason() {
    byte[] json =
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle+json;version=99.9\"}"
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> BundleParser.parse(json))
        .isInstanceOfSatisfying(
            BundleParseException.class,
            e -> assertThat(e.reason()).isEqualTo(BundleParseException.Reason.UNKNOWN_MEDIA_TYPE))
        .hasMessage(
            "unknown bundle media type 'application/vnd.dev.sigstore.bundle+json;version=99.9':"
                + " Provenant reads Sigstore bundles v0.1, v0.2 and v0.3");
  }

  @Test
  void truncatedJsonIsMalformed() {
    byte[] json = "{\"mediaType\":\"appl".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> BundleParser.parse(json))
        .isInstanceOfSatisfying(
            BundleParseException.class,
            e -> assertThat(e.reason()).isEqualTo(BundleParseException.Reason.MALFORMED_JSON));
  }

  @Test
  void bothV03MediaTypesAreTheSameFormat() {
    assertThat(BundleMediaType.of("application/vnd.dev.sigstore.bundle.v0.3+json"))
        .hasValue(BundleMediaType.V0_3);
    assertThat(BundleMediaType.of("application/vnd.dev.sigstore.bundle+json;version=0.3"))
        .hasValueSatisfying(m -> assertThat(m.isV03()).isTrue());
  }

  @Test
  void wrappedBase64IsReadLikeProtobufJsonReadersDo() {
    byte[] data = new byte[100];
    String wrapped =
        Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(data);

    assertThat(ProtoBase64.decode(wrapped)).isEqualTo(data);
    assertThatThrownBy(() -> ProtoBase64.decode("!!" + wrapped))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
