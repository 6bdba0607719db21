package dev.provenant.oci.signature;

import dev.provenant.core.bundle.BundleSigningException;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.keys.SigningKey;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.reference.InvalidReferenceException;
import dev.provenant.core.signature.SimpleSigningPayload;
import dev.provenant.oci.image.Descriptor;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageManifest;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.registry.BlobContent;
import dev.provenant.oci.registry.RegistryClient;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs an image with a key in cosign's tag scheme ({@code cosign sign --key}): a simple signing
 * payload for the image's digest, signed, appended as a layer to the {@code sha256-<hex>.sig}
 * manifest, unless an identical signature is already there.
 *
 * <p><b>Identical</b> is cosign's rule ({@code pkg/cosign/remote} DupeDetector): ECDSA signatures
 * are randomised, so two signatures of one payload by one key never have the same bytes. A layer is
 * a duplicate when it has the same payload digest and media type, carries every non-signature
 * annotation the new layer would carry with the same value, and its signature verifies over the
 * payload with the signing key. Re-signing an image with the same key and annotations therefore
 * changes nothing; another key, or other annotations, adds a layer.
 *
 * <p>The manifest is read, extended and written back without a lock, as cosign does: two signers of
 * one image at the same moment can lose one signature. Sign again to restore it.
 *
 * @see <a href="https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md">cosign
 *     SIGNATURE_SPEC</a>
 */
public final class LegacySigner {
  private LegacySigner() {}

  /**
   * Signs {@code image}, which must carry the digest it was resolved to, with {@code key}.
   *
   * @param client a client of the signature repository's registry (the image's, unless {@code
   *     signatureRepository} names another)
   * @param annotations the {@code -a key=value} claims, written into the payload's {@code
   *     optional}; empty for none
   * @param signatureRepository {@code COSIGN_REPOSITORY}, or null for the image's repository
   * @throws IllegalArgumentException when {@code image} has no digest
   * @throws InvalidReferenceException when {@code signatureRepository} is not a repository name
   * @throws ImageAccessException when the registry cannot be read or written
   */
  public static LegacySignResult sign(
      RegistryClient client,
      ImageReference image,
      SigningKey key,
      Map<String, String> annotations,
      String signatureRepository)
      throws ImageAccessException, InvalidReferenceException {
    Objects.requireNonNull(key, "key");
    try {
      return sign(client, image, LegacyPayloadSigner.of(key), annotations, signatureRepository);
    } catch (BundleSigningException e) {
      // A key alone signs locally and cannot fail this way.
      throw new IllegalStateException(e);
    }
  }

  /**
   * Like {@link #sign(RegistryClient, ImageReference, SigningKey, Map, String)} with any payload
   * signer: keyless, or logged in a transparency log ({@link BundleBackedPayloadSigner}).
   *
   * @throws BundleSigningException when a signing service refused or could not be reached
   */
  public static LegacySignResult sign(
      RegistryClient client,
      ImageReference image,
      LegacyPayloadSigner signer,
      Map<String, String> annotations,
      String signatureRepository)
      throws ImageAccessException, InvalidReferenceException, BundleSigningException {
    Objects.requireNonNull(signer, "signer");
    SimpleSigningPayload payload = SimpleSigningPayload.forImage(image, annotations);
    ImageReference signatureTag =
        CosignTags.signatureReference(image, payload.dockerManifestDigest(), signatureRepository);
    LegacySignatures.requireSameRegistry(client, signatureTag);
    String repository = signatureTag.repository();

    byte[] payloadBytes = payload.toJson();
    Digest payloadDigest = Digest.sha256(payloadBytes);
    // The push is skipped when the registry has the blob; a duplicate layer whose blob was
    // deleted is healed by pushing it again.
    client.pushBlob(repository, payloadDigest, payloadBytes.length, BlobContent.of(payloadBytes));

    Optional<ImageManifest> existing = LegacySignatures.readManifest(client, signatureTag);
    List<Descriptor> layers =
        new ArrayList<>(existing.map(ImageManifest::layers).orElse(List.of()));
    for (int i = 0; i < layers.size(); i++) {
      if (isDuplicate(layers.get(i), payloadDigest, payloadBytes, signer)) {
        return new LegacySignResult(
            signatureTag, existing.get().digest(), payloadDigest, i + 1, false);
      }
    }
    if (layers.size() >= LegacySignatures.MAX_LAYERS) {
      throw new ImageAccessException(
          ImageAccessException.Failure.INVALID_INPUT,
          signatureTag + " already holds " + layers.size() + " signatures, the most cosign reads");
    }

    LegacyPayloadSigner.SignedPayload signed = signer.sign(payloadBytes);
    Map<String, String> layerAnnotations = new LinkedHashMap<>();
    layerAnnotations.put(
        LegacySignature.SIGNATURE_ANNOTATION, LegacyPayloadSigner.base64(signed.signature()));
    layerAnnotations.putAll(signed.annotations());
    layers.add(
        new Descriptor(
            SimpleSigningPayload.MEDIA_TYPE,
            payloadDigest,
            payloadBytes.length,
            layerAnnotations,
            null,
            null));

    // Keep an existing manifest's media types (cosign appends onto what is there); a new one is
    // OCI, as cosign writes unless COSIGN_DOCKER_MEDIA_TYPES is set.
    String manifestType = existing.map(ImageManifest::mediaType).orElse(MediaTypes.OCI_MANIFEST);
    String configType = existing.map(m -> m.config().mediaType()).orElse(MediaTypes.OCI_CONFIG);
    byte[] config = SignatureManifestWriter.config(layers);
    Digest configDigest = Digest.sha256(config);
    client.pushBlob(repository, configDigest, config.length, BlobContent.of(config));
    byte[] manifest =
        SignatureManifestWriter.manifest(
            manifestType,
            Descriptor.of(configType, configDigest, config.length),
            layers,
            existing.map(ImageManifest::annotations).orElse(Map.of()));
    Digest manifestDigest =
        client.pushManifest(repository, signatureTag.tag(), manifest, manifestType);
    return new LegacySignResult(signatureTag, manifestDigest, payloadDigest, layers.size(), true);
  }

  private static boolean isDuplicate(
      Descriptor layer, Digest payloadDigest, byte[] payload, LegacyPayloadSigner signer) {
    if (!layer.digest().equals(payloadDigest)
        || !layer.mediaType().equals(SimpleSigningPayload.MEDIA_TYPE)) {
      return false;
    }
    // A keyed signature carries no annotation but the signature, so cosign's "every new
    // annotation is there with the same value" holds for every layer; what remains is whether
    // the existing signature is one this key made over this payload.
    String existing = layer.annotations().get(LegacySignature.SIGNATURE_ANNOTATION);
    if (existing == null || existing.isEmpty()) {
      return false;
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(existing);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return signer.madeBefore(payload, signature);
  }
}
