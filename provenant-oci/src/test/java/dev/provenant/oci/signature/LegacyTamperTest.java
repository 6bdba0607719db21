package dev.provenant.oci.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SigningKey;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.signature.SimpleSigningPayload;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.VerificationReport;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.image.RawManifest;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.signature.SignatureFixtures.Layer;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every way a signature can be wrong is rejected, each with its own reason. */
class LegacyTamperTest {
  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  private static final SigningKey KEY = SigningKey.generateEcP256();
  private static final SigningKey OTHER = SigningKey.generateEcP256();

  private RegistryClient client;

  @BeforeEach
  void connect() {
    client = SignatureFixtures.client(REGISTRY.address());
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private ImageReference pushImage(String repository, String tag, long seed) throws Exception {
    Digest digest = TestImages.push(client, repository, tag, seed, 64, Map.of()).manifest();
    return ImageReference.parse(REGISTRY.address() + "/" + repository + ":" + tag + "@" + digest);
  }

  private static Layer signed(byte[] payload, SigningKey key) {
    return new Layer(payload, Base64.getEncoder().encodeToString(key.sign(payload)));
  }

  private SignatureVerdict onlyVerdict(ImageReference image, SigningKey key) throws Exception {
    VerificationReport report =
        LegacyVerifier.verify(client, image, image.digest(), List.of(key.publicKey()), null);
    assertThat(report.verified()).isFalse();
    assertThat(report.verdicts()).hasSize(1);
    return report.verdicts().getFirst();
  }

  @Test
  void rejectsAPayloadThatNamesAnotherDigest() throws Exception {
    ImageReference image = pushImage("tamper/other", "v1", 21);
    Digest other = Digest.sha256("another image".getBytes(StandardCharsets.UTF_8));
    byte[] payload = new SimpleSigningPayload(image.name(), other, Map.of()).toJson();
    SignatureFixtures.pushSignatures(client, image, List.of(signed(payload, KEY)));

    SignatureVerdict verdict = onlyVerdict(image, KEY);

    assertThat(verdict.firstFailure())
        .get()
        .isEqualTo(
            Check.fail(
                "payload-digest", "payload names " + other + ", the image is " + image.digest()));
    assertThat(verdict.checks().getFirst().passed()).isTrue();
  }

  @Test
  void verifyFailsWhenTagRepointedToAnotherImage() throws Exception {
    ImageReference a = pushImage("tamper/repoint", "v1", 22);
    LegacySigner.sign(client, a, KEY, Map.of(), null);
    Digest b = TestImages.push(client, "tamper/repoint", "v1", 23, 64, Map.of()).manifest();

    // The user verifies the tag: it now resolves to B, which nobody signed.
    Digest resolved = client.headManifest("tamper/repoint", "v1").orElseThrow().digest();
    ImageReference tag = ImageReference.parse(REGISTRY.address() + "/tamper/repoint:v1");
    VerificationReport report =
        LegacyVerifier.verify(client, tag, resolved, List.of(KEY.publicKey()), null);

    assertThat(resolved).isEqualTo(b);
    assertThat(report.verified()).isFalse();
    assertThat(report.verdicts()).isEmpty();
    assertThat(report.subject()).endsWith("tamper/repoint:v1@" + b);

    // Copying A's signature manifest to B's .sig tag does not help: the payload names A.
    RawManifest signaturesOfA =
        client.pullManifest("tamper/repoint", CosignTags.signatureTag(a.digest()));
    client.pushManifest(
        "tamper/repoint",
        CosignTags.signatureTag(b),
        signaturesOfA.bytes(),
        MediaTypes.OCI_MANIFEST);
    SignatureVerdict copied = onlyVerdict(tag.withDigest(b), KEY);
    assertThat(copied.summary())
        .isEqualTo("rejected: payload names " + a.digest() + ", the image is " + b);
  }

  @Test
  void rejectsFlippedSignatureBytes() throws Exception {
    ImageReference image = pushImage("tamper/flipped", "v1", 24);
    byte[] payload = SimpleSigningPayload.forImage(image, Map.of()).toJson();
    byte[] signature = KEY.sign(payload);
    signature[signature.length - 1] ^= 0x01;
    SignatureFixtures.pushSignatures(
        client, image, List.of(new Layer(payload, Base64.getEncoder().encodeToString(signature))));

    SignatureVerdict verdict = onlyVerdict(image, KEY);

    assertThat(verdict.firstFailure().orElseThrow())
        .isEqualTo(
            Check.fail(
                "signature",
                "the signature does not verify with the key "
                    + PublicKeys.fingerprint(KEY.publicKey())));
    // The rest of the layer is sound: only the signature is wrong.
    assertThat(verdict.checks()).filteredOn(c -> !c.passed()).hasSize(1);
  }

  @Test
  void rejectsASignatureByAnotherKey() throws Exception {
    ImageReference image = pushImage("tamper/wrongkey", "v1", 25);
    LegacySigner.sign(client, image, OTHER, Map.of(), null);

    SignatureVerdict verdict = onlyVerdict(image, KEY);

    assertThat(verdict.summary())
        .isEqualTo(
            "rejected: the signature does not verify with the key "
                + PublicKeys.fingerprint(KEY.publicKey()));
    assertThat(verdict.signer().identity()).isEqualTo("unknown");
  }

  @Test
  void rejectsASignedPayloadThatIsNotJson() throws Exception {
    ImageReference image = pushImage("tamper/malformed", "v1", 26);
    byte[] payload = "{\"critical\": {\"type\": ".getBytes(StandardCharsets.UTF_8);
    SignatureFixtures.pushSignatures(client, image, List.of(signed(payload, KEY)));

    SignatureVerdict verdict = onlyVerdict(image, KEY);

    assertThat(verdict.checks().getFirst().passed()).isTrue();
    assertThat(verdict.firstFailure().orElseThrow().name()).isEqualTo("payload");
    assertThat(verdict.summary()).startsWith("rejected: the payload is not valid JSON");
  }

  @Test
  void rejectsALayerWhosePayloadBlobIsMissing() throws Exception {
    ImageReference image = pushImage("tamper/missing", "v1", 27);
    // With a claim, the payload is not one Provenant can write itself: it has to be fetched.
    byte[] payload = SimpleSigningPayload.forImage(image, Map.of("run", "7")).toJson();
    SignatureFixtures.pushSignatures(client, image, List.of(signed(payload, KEY)));
    Digest payloadDigest = Digest.sha256(payload);
    SignatureFixtures.deleteBlob(REGISTRY.address(), "tamper/missing", payloadDigest);

    SignatureVerdict verdict = onlyVerdict(image, KEY);

    assertThat(verdict.checks()).singleElement().extracting(Check::name).isEqualTo("payload");
    assertThat(verdict.summary())
        .isEqualTo(
            "rejected: the payload blob "
                + payloadDigest
                + " is missing from "
                + image.name()
                + " (the registry answered BLOB_UNKNOWN); the signature cannot be checked");
  }

  @Test
  void acceptsAMissingPayloadBlobThatCouldOnlyHoldThePayloadCosignWritesForTheImage()
      throws Exception {
    ImageReference image = pushImage("tamper/predictable", "v1", 29);
    byte[] payload = SimpleSigningPayload.forImage(image, Map.of()).toJson();
    SignatureFixtures.pushSignatures(client, image, List.of(signed(payload, KEY)));
    SignatureFixtures.deleteBlob(REGISTRY.address(), "tamper/predictable", Digest.sha256(payload));

    long before = client.stats().requests();
    VerificationReport report =
        LegacyVerifier.verify(client, image, image.digest(), List.of(KEY.publicKey()), null);

    // The layer's digest pins the bytes, and they are the ones cosign signs for this image.
    assertThat(report.verified()).isTrue();
    assertThat(client.stats().requests() - before).as("the .sig manifest only").isEqualTo(1);
  }

  @Test
  void rejectsAKeylessLayerVerifiedWithKeysAndSaysHowToVerifyIt() throws Exception {
    ImageReference image = pushImage("tamper/keyless", "v1", 28);
    byte[] payload = SimpleSigningPayload.forImage(image, Map.of()).toJson();
    Layer layer = signed(payload, OTHER);
    SignatureFixtures.pushSignatures(
        client,
        image,
        List.of(layer),
        Map.of(
            LegacySignature.CERTIFICATE_ANNOTATION,
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));

    SignatureVerdict verdict = onlyVerdict(image, KEY);
    List<LegacySignature> read =
        LegacySignatures.read(
            client, CosignTags.signatureReference(image, image.digest(), null), image);

    assertThat(verdict.summary())
        .contains("the layer carries a certificate: it is a keyless signature")
        .contains("--certificate-identity");
    assertThat(read.getFirst().certificatePem()).get().asString().startsWith("-----BEGIN");
  }

  @Test
  void aLayerOfAnotherMediaTypeIsNotACosignSignature() throws Exception {
    ImageReference image = pushImage("tamper/mediatype", "v1", 29);
    byte[] payload = SimpleSigningPayload.forImage(image, Map.of()).toJson();
    SignatureFixtures.pushSignatures(
        client, image, List.of(signed(payload, KEY)), Map.of(), "application/vnd.in-toto+json");

    SignatureVerdict verdict = onlyVerdict(image, KEY);

    assertThat(verdict.summary())
        .isEqualTo(
            "rejected: the layer's media type is application/vnd.in-toto+json, not"
                + " application/vnd.dev.cosign.simplesigning.v1+json: it is not a cosign image"
                + " signature");
  }
}
