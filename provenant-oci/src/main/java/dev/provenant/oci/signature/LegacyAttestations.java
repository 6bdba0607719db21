package dev.provenant.oci.signature;

import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleSigningException;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.reference.InvalidReferenceException;
import dev.provenant.oci.image.Descriptor;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageManifest;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.registry.BlobContent;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.registry.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Stores attestations in cosign's tag scheme and reads them back: the tag {@code sha256-<hex>.att}
 * holds one layer per attestation, each layer blob a DSSE envelope (media type {@value
 * #DSSE_MEDIA_TYPE}) annotated with its {@code predicateType}. The manifest and config are written
 * as for {@code .sig} ({@link SignatureManifestWriter}).
 *
 * <p>Reading is bounded like {@link LegacySignatures}: at most {@link LegacySignatures#MAX_LAYERS}
 * layers, {@link #MAX_ENVELOPE_BYTES} per envelope and {@link #MAX_TOTAL_BYTES} in all; what lies
 * beyond is returned as an unreadable layer with the reason, never silently dropped.
 *
 * @see <a href="https://github.com/sigstore/cosign/blob/main/specs/ATTESTATION_SPEC.md">cosign
 *     ATTESTATION_SPEC</a>
 */
public final class LegacyAttestations {
  /** The media type of an attestation layer. */
  public static final String DSSE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";

  /** The layer annotation naming the attestation's predicate type (unauthenticated: a hint). */
  public static final String PREDICATE_TYPE_ANNOTATION = "predicateType";

  /** An envelope holds a whole SBOM; one larger than this is refused. */
  public static final long MAX_ENVELOPE_BYTES = 48L << 20;

  /** What one verification reads of envelopes in all. */
  public static final long MAX_TOTAL_BYTES = 128L << 20;

  private LegacyAttestations() {}

  /**
   * Appends {@code envelopeJson} as a layer of {@code image}'s {@code .att} manifest, unless a
   * layer with the same bytes is already there.
   *
   * @param image the image, carrying the digest it was resolved to
   * @param annotations annotations besides {@code predicateType} (a keyless signer's certificate)
   * @param signatureRepository {@code COSIGN_REPOSITORY}, or null for the image's repository
   */
  public static LegacySignResult attach(
      RegistryClient client,
      ImageReference image,
      byte[] envelopeJson,
      String predicateType,
      Map<String, String> annotations,
      String signatureRepository)
      throws ImageAccessException, InvalidReferenceException {
    Objects.requireNonNull(predicateType, "predicateType");
    Digest digest =
        image
            .optionalDigest()
            .orElseThrow(
                () -> new IllegalArgumentException("attest a digest, never a tag: " + image));
    ImageReference tag = CosignTags.attestationReference(image, digest, signatureRepository);
    LegacySignatures.requireSameRegistry(client, tag);
    String repository = tag.repository();
    Digest layerDigest = Digest.sha256(envelopeJson);
    client.pushBlob(repository, layerDigest, envelopeJson.length, BlobContent.of(envelopeJson));

    Optional<ImageManifest> existing = LegacySignatures.readManifest(client, tag);
    List<Descriptor> layers =
        new ArrayList<>(existing.map(ImageManifest::layers).orElse(List.of()));
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).digest().equals(layerDigest)) {
        return new LegacySignResult(tag, existing.get().digest(), layerDigest, i + 1, false);
      }
    }
    if (layers.size() >= LegacySignatures.MAX_LAYERS) {
      throw new ImageAccessException(
          ImageAccessException.Failure.INVALID_INPUT,
          tag + " already holds " + layers.size() + " attestations, the most cosign reads");
    }
    Map<String, String> layerAnnotations = new LinkedHashMap<>();
    layerAnnotations.put(PREDICATE_TYPE_ANNOTATION, predicateType);
    layerAnnotations.putAll(annotations);
    layers.add(
        new Descriptor(
            DSSE_MEDIA_TYPE, layerDigest, envelopeJson.length, layerAnnotations, null, null));

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
    Digest manifestDigest = client.pushManifest(repository, tag.tag(), manifest, manifestType);
    return new LegacySignResult(tag, manifestDigest, layerDigest, layers.size(), true);
  }

  /**
   * The annotations cosign v2 writes on a keyless, logged or timestamped {@code .att} layer for the
   * evidence of {@code bundle} (whose DSSE envelope is the layer): the signing certificate, the RFC
   * 3161 timestamp and the Rekor entry.
   *
   * @param envelopeTimestamp a DER {@code TimeStampResp} over the envelope JSON bytes of the layer
   *     (what cosign timestamps for an attestation, not the bundle's timestamp over the DSSE
   *     signature), or null
   */
  public static Map<String, String> evidence(Bundle bundle, byte[] envelopeTimestamp)
      throws BundleSigningException {
    return BundleBackedPayloadSigner.evidence(bundle, envelopeTimestamp);
  }

  /**
   * Every attestation layer at {@code attestationTag}, in layer order, each with its envelope bytes
   * (as {@link LegacySignature#payload()}) or why they could not be read. No such tag: an empty
   * list.
   *
   * @throws ImageAccessException when the registry cannot be read or the tag is not an image
   *     manifest: the caller fails closed
   */
  public static List<LegacySignature> read(RegistryClient client, ImageReference attestationTag)
      throws ImageAccessException {
    LegacySignatures.requireSameRegistry(client, attestationTag);
    Optional<ImageManifest> manifest = LegacySignatures.readManifest(client, attestationTag);
    if (manifest.isEmpty()) {
      return List.of();
    }
    List<LegacySignature> attestations = new ArrayList<>();
    long total = 0;
    List<Descriptor> layers = manifest.get().layers();
    for (int i = 0; i < layers.size(); i++) {
      Descriptor layer = layers.get(i);
      String problem = null;
      byte[] envelope = null;
      if (!DSSE_MEDIA_TYPE.equals(layer.mediaType())) {
        problem =
            "the layer's media type is "
                + layer.mediaType()
                + ", not "
                + DSSE_MEDIA_TYPE
                + ": it is not an attestation";
      } else if (layer.size() > MAX_ENVELOPE_BYTES) {
        problem =
            "the layer declares an envelope of "
                + layer.size()
                + " bytes; an attestation is read up to "
                + MAX_ENVELOPE_BYTES;
      } else if (total + layer.size() > MAX_TOTAL_BYTES) {
        problem =
            "not read: the attestations of this image exceed the "
                + MAX_TOTAL_BYTES
                + " bytes one verification reads";
      } else {
        try {
          envelope =
              client.pullBlob(attestationTag.repository(), layer.digest(), MAX_ENVELOPE_BYTES);
          total += envelope.length;
        } catch (RegistryException e) {
          switch (e.failure()) {
            case NOT_FOUND ->
                problem =
                    "the envelope blob "
                        + layer.digest()
                        + " is missing from "
                        + attestationTag.name();
            case INTEGRITY, INVALID_INPUT ->
                problem = "the envelope blob " + layer.digest() + " is unusable: " + e.getMessage();
            default -> throw e;
          }
        }
      }
      attestations.add(new LegacySignature(attestationTag, i + 1, layer, envelope, problem));
    }
    return List.copyOf(attestations);
  }
}
