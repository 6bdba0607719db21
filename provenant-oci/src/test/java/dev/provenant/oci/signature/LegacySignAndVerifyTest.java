package dev.provenant.oci.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SigningKey;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.reference.InvalidReferenceException;
import dev.provenant.core.signature.SimpleSigningPayload;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.Signer;
import dev.provenant.core.verification.VerificationReport;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageManifest;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keyed signing and verification in cosign's tag scheme against a real registry. */
class LegacySignAndVerifyTest {
  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  private static final SigningKey ALICE = SigningKey.generateEcP256();
  private static final SigningKey BOB = SigningKey.generateEcP256();
  private static final SigningKey CAROL = SigningKey.generateEcP256();

  private RegistryClient client;

  @BeforeEach
  void connect() {
    client = SignatureFixtures.client(REGISTRY.address());
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private ImageReference pushImage(String repository, long seed) throws Exception {
    Digest digest = TestImages.push(client, repository, "v1", seed, 64, Map.of()).manifest();
    return ImageReference.parse(REGISTRY.address() + "/" + repository + ":v1@" + digest);
  }

  @Test
  void signThenVerifyWithTheRightKey() throws Exception {
    ImageReference image = pushImage("sign/app", 1);

    LegacySignResult signed = LegacySigner.sign(client, image, ALICE, Map.of(), null);
    VerificationReport report =
        LegacyVerifier.verify(client, image, image.digest(), List.of(ALICE.publicKey()), null);

    assertThat(signed.appended()).isTrue();
    assertThat(signed.signatureTag().tag()).isEqualTo("sha256-" + image.digest().hex() + ".sig");
    assertThat(report.verified()).isTrue();
    assertThat(report.subject()).isEqualTo(image.toString());
    SignatureVerdict verdict = report.verdicts().getFirst();
    assertThat(verdict.source()).isEqualTo("tag sha256-" + image.digest().hex() + ".sig, layer 1");
    assertThat(verdict.signer()).isEqualTo(Signer.key(PublicKeys.fingerprint(ALICE.publicKey())));
    assertThat(verdict.checks())
        .extracting(Check::name)
        .containsExactly("signature", "payload", "payload-digest");
    assertThat(verdict.checks().get(2).detail())
        .isEqualTo("payload names " + image.digest() + ", the image is " + image.digest());
  }

  @Test
  void writesTheManifestConfigAndPayloadCosignWrites() throws Exception {
    ImageReference image = pushImage("sign/layout", 2);

    LegacySigner.sign(client, image, ALICE, Map.of("build", "42"), null);

    ImageManifest manifest =
        LegacySignatures.readManifest(
                client, CosignTags.signatureReference(image, image.digest(), null))
            .orElseThrow();
    assertThat(manifest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(manifest.config().mediaType()).isEqualTo(MediaTypes.OCI_CONFIG);
    assertThat(manifest.layers().getFirst().mediaType())
        .isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
    Digest payloadDigest = manifest.layers().getFirst().digest();
    String config =
        new String(
            client.pullBlob("sign/layout", manifest.config().digest(), 4096),
            StandardCharsets.UTF_8);
    assertThat(config)
        .isEqualTo(
            "{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\","
                + "\"history\":[{\"created\":\"0001-01-01T00:00:00Z\"}],\"os\":\"\","
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + payloadDigest
                + "\"]},\"config\":{}}");
    String payload =
        new String(client.pullBlob("sign/layout", payloadDigest, 4096), StandardCharsets.UTF_8);
    assertThat(payload)
        .isEqualTo(
            "{\"critical\":{\"identity\":{\"docker-reference\":\""
                + REGISTRY.address()
                + "/sign/layout\"},\"image\":{\"docker-manifest-digest\":\""
                + image.digest()
                + "\"},\"type\":\"cosign container image signature\"},"
                + "\"optional\":{\"build\":\"42\"}}");
  }

  @Test
  void twoKeysSignAndEitherVerifies() throws Exception {
    ImageReference image = pushImage("sign/two", 3);

    LegacySigner.sign(client, image, ALICE, Map.of(), null);
    LegacySignResult second = LegacySigner.sign(client, image, BOB, Map.of(), null);

    assertThat(second.layer()).isEqualTo(2);
    for (SigningKey key : List.of(ALICE, BOB)) {
      VerificationReport report =
          LegacyVerifier.verify(client, image, image.digest(), List.of(key.publicKey()), null);
      assertThat(report.verified()).isTrue();
      assertThat(report.verdicts()).hasSize(2);
      assertThat(report.verdicts().stream().filter(SignatureVerdict::accepted))
          .singleElement()
          .extracting(SignatureVerdict::signer)
          .isEqualTo(Signer.key(PublicKeys.fingerprint(key.publicKey())));
    }
    VerificationReport stranger =
        LegacyVerifier.verify(client, image, image.digest(), List.of(CAROL.publicKey()), null);
    assertThat(stranger.verified()).isFalse();
  }

  @Test
  void resigningTheSamePayloadWithTheSameKeyDoesNotDuplicateTheLayer() throws Exception {
    ImageReference image = pushImage("sign/again", 4);

    LegacySignResult first = LegacySigner.sign(client, image, ALICE, Map.of("a", "1"), null);
    LegacySignResult again = LegacySigner.sign(client, image, ALICE, Map.of("a", "1"), null);
    LegacySignResult otherClaims = LegacySigner.sign(client, image, ALICE, Map.of("a", "2"), null);
    LegacySignResult otherKey = LegacySigner.sign(client, image, BOB, Map.of("a", "1"), null);

    // ECDSA signatures are randomised: "identical" is the same payload with a signature that
    // this key verifies, not the same signature bytes.
    assertThat(again.appended()).isFalse();
    assertThat(again.layer()).isEqualTo(1);
    assertThat(again.signatureManifest()).isEqualTo(first.signatureManifest());
    assertThat(otherClaims.appended()).isTrue();
    assertThat(otherKey.appended()).isTrue();
    assertThat(
            LegacySignatures.read(
                client, CosignTags.signatureReference(image, image.digest(), null), image))
        .hasSize(3);
  }

  @Test
  void signaturesGoToTheCosignRepositoryWhenOneIsGiven() throws Exception {
    ImageReference image = pushImage("sign/elsewhere", 5);
    String signatures = REGISTRY.address() + "/team/signatures";

    LegacySignResult signed = LegacySigner.sign(client, image, ALICE, Map.of(), signatures);

    assertThat(signed.signatureTag().name()).isEqualTo(signatures);
    assertThat(
            LegacyVerifier.verify(
                    client, image, image.digest(), List.of(ALICE.publicKey()), signatures)
                .verified())
        .isTrue();
    assertThat(
            LegacyVerifier.verify(client, image, image.digest(), List.of(ALICE.publicKey()), null)
                .verdicts())
        .isEmpty();
  }

  @Test
  void aCosignRepositoryWithATagIsRefused() throws Exception {
    ImageReference image = pushImage("sign/badrepo", 6);

    assertThatThrownBy(
            () -> LegacySigner.sign(client, image, ALICE, Map.of(), "registry.example/sigs:v1"))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("COSIGN_REPOSITORY must be a repository");
  }

  @Test
  void anUnsignedImageHasNoVerdictsAndIsNotVerified() throws Exception {
    ImageReference image = pushImage("sign/none", 7);

    VerificationReport report =
        LegacyVerifier.verify(client, image, image.digest(), List.of(ALICE.publicKey()), null);

    assertThat(report.verdicts()).isEmpty();
    assertThat(report.verified()).isFalse();
  }

  @Test
  void anUnreachableRegistryIsAnErrorNotAnEmptyReport() throws Exception {
    ImageReference image = pushImage("sign/down", 8);
    String nobody = "127.0.0.1:" + dev.provenant.oci.testing.TestRegistry.freePort();
    ImageReference elsewhere = ImageReference.parse(nobody + "/sign/down@" + image.digest());
    try (RegistryClient down =
        RegistryClient.builder(nobody)
            .allowHttp(true)
            .credentials(dev.provenant.oci.registry.Credentials.anonymous())
            .maxAttempts(1)
            .build()) {
      assertThatThrownBy(
              () ->
                  LegacyVerifier.verify(
                      down, elsewhere, image.digest(), List.of(ALICE.publicKey()), null))
          .isInstanceOf(ImageAccessException.class)
          .extracting(e -> ((ImageAccessException) e).failure())
          .isEqualTo(ImageAccessException.Failure.UNREACHABLE);
    }
  }

  @Test
  void signingATagIsRefused() throws Exception {
    ImageReference tagOnly = ImageReference.parse(REGISTRY.address() + "/sign/app:v1");

    assertThatThrownBy(() -> LegacySigner.sign(client, tagOnly, ALICE, Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("to a digest before signing it");
  }

  @Test
  void threeSignaturesTimesTwoKeysCostOneManifestAndThreePayloadReads() throws Exception {
    ImageReference image = pushImage("sign/cost", 9);
    for (SigningKey key : List.of(ALICE, BOB, CAROL)) {
      LegacySigner.sign(client, image, key, Map.of("signer", key.toString()), null);
    }
    SigningKey outsider = SigningKey.generateEcP256();

    long before = client.stats().requests();
    VerificationReport oneKey =
        LegacyVerifier.verify(client, image, image.digest(), List.of(ALICE.publicKey()), null);
    long withOneKey = client.stats().requests() - before;
    before = client.stats().requests();
    VerificationReport twoKeys =
        LegacyVerifier.verify(
            client, image, image.digest(), List.of(outsider.publicKey(), BOB.publicKey()), null);
    long withTwoKeys = client.stats().requests() - before;

    assertThat(oneKey.verdicts()).hasSize(3);
    assertThat(twoKeys.verdicts()).hasSize(3);
    assertThat(twoKeys.verdicts()).filteredOn(SignatureVerdict::accepted).hasSize(1);
    // N + 1: the .sig manifest once, each payload once; the keys cost no requests.
    assertThat(withTwoKeys).isEqualTo(3 + 1).isEqualTo(withOneKey);
  }

  @Test
  void aPayloadSharedByTwoLayersIsFetchedOnce() throws Exception {
    ImageReference image = pushImage("sign/shared", 10);
    // A claim makes the payload one that must be fetched (see the next test).
    LegacySigner.sign(client, image, ALICE, Map.of("run", "1"), null);
    LegacySigner.sign(client, image, BOB, Map.of("run", "1"), null);

    long before = client.stats().requests();
    List<LegacySignature> signatures =
        LegacySignatures.read(
            client, CosignTags.signatureReference(image, image.digest(), null), image);

    assertThat(signatures).hasSize(2);
    assertThat(signatures.get(0).payloadDigest()).isEqualTo(signatures.get(1).payloadDigest());
    assertThat(client.stats().requests() - before).isEqualTo(2);
    assertThat(SimpleSigningPayload.parse(signatures.get(0).payload()).dockerManifestDigest())
        .isEqualTo(image.digest());
  }

  @Test
  void thePayloadCosignWritesForTheImageIsNotFetched() throws Exception {
    ImageReference image = pushImage("sign/predicted", 11);
    LegacySigner.sign(client, image, ALICE, Map.of(), null);
    LegacySigner.sign(client, image, BOB, Map.of("run", "2"), null);

    long before = client.stats().requests();
    List<LegacySignature> signatures =
        LegacySignatures.read(
            client, CosignTags.signatureReference(image, image.digest(), null), image);

    // The manifest, and the annotated payload; the plain one is known from the layer's digest.
    assertThat(client.stats().requests() - before).isEqualTo(2);
    assertThat(signatures.get(0).payload())
        .isEqualTo(SimpleSigningPayload.forImage(image, Map.of()).toJson());
    assertThat(SimpleSigningPayload.parse(signatures.get(1).payload()).optional())
        .containsEntry("run", "2");
  }
}
