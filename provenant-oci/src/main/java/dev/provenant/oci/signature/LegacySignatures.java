package dev.provenant.oci.signature;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.signature.SimpleSigningPayload;
import dev.provenant.oci.image.Descriptor;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.image.ImageManifest;
import dev.provenant.oci.image.Manifest;
import dev.provenant.oci.image.RawManifest;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.registry.RegistryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the signatures in a cosign {@code .sig} manifest: one request for the manifest, then one
 * per distinct payload blob, however many keys will later check them.
 */
public final class LegacySignatures {

  /** As cosign: a {@code .sig} manifest with more layers than this is refused. */
  public static final int MAX_LAYERS = 1000;

  private LegacySignatures() {}

  /**
   * Every signature at {@code signatureTag}, in layer order, each with its payload or the reason
   * the payload could not be read (missing blob, wrong content, too large). No such tag, or no such
   * repository, means no signatures: an empty list.
   *
   * <p>A payload is fetched only when it cannot be known beforehand. Cosign's payload for {@code
   * signed} without annotations is fixed ({@link SimpleSigningPayload#toJson()} writes the same
   * bytes), and a layer's digest pins its bytes: a layer whose size and digest are those of that
   * payload holds exactly it, so it is taken without a request. That removes the second of two
   * dependent round trips from most verifications (the webhook's cold decisions, {@code
   * docs/benchmarks.md}). The signature is still checked over those bytes, and the payload still
   * has to name {@code signed}'s digest. Unlike cosign, such a signature verifies even when its
   * payload blob has been deleted from the registry: the blob could only have held these bytes.
   *
   * @param client a client of {@code signatureTag}'s registry
   * @param signed the signed image, with its digest: the payload cosign would have written for it
   *     need not be fetched
   * @throws ImageAccessException when the registry cannot be read (unreachable, refused
   *     credentials) or the tag holds something that is not a signature manifest: the caller fails
   *     closed
   */
  public static List<LegacySignature> read(
      RegistryClient client, ImageReference signatureTag, ImageReference signed)
      throws ImageAccessException {
    requireSameRegistry(client, signatureTag);
    Optional<ImageManifest> manifest = readManifest(client, signatureTag);
    if (manifest.isEmpty()) {
      return List.of();
    }
    byte[] expected = SimpleSigningPayload.forImage(signed, Map.of()).toJson();
    Map<Digest, byte[]> payloads = new HashMap<>();
    Map<Digest, String> problems = new HashMap<>();
    List<LegacySignature> signatures = new ArrayList<>();
    List<Descriptor> layers = manifest.get().layers();
    for (int i = 0; i < layers.size(); i++) {
      Descriptor layer = layers.get(i);
      Digest digest = layer.digest();
      if (!payloads.containsKey(digest) && !problems.containsKey(digest)) {
        if (holds(layer, expected)) {
          payloads.put(digest, expected);
        } else {
          fetchPayload(client, signatureTag, layer, payloads, problems);
        }
      }
      signatures.add(
          new LegacySignature(
              signatureTag, i + 1, layer, payloads.get(digest), problems.get(digest)));
    }
    return List.copyOf(signatures);
  }

  /** Whether {@code layer}'s size and digest are those of {@code content}. */
  private static boolean holds(Descriptor layer, byte[] content) {
    return layer.size() == content.length
        && layer.digest().equals(Digest.compute(layer.digest().algorithm(), content));
  }

  /** The {@code .sig} manifest at {@code signatureTag}, or empty when there is none. */
  static Optional<ImageManifest> readManifest(RegistryClient client, ImageReference signatureTag)
      throws ImageAccessException {
    Optional<RawManifest> found =
        client.findManifest(signatureTag.repository(), signatureTag.tag());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    RawManifest raw = found.get();
    Manifest parsed = raw.parse();
    if (!(parsed instanceof ImageManifest image)) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          signatureTag
              + " is an index ("
              + parsed.mediaType()
              + "), not a cosign signature manifest; something other than cosign wrote this tag");
    }
    if (image.layers().size() > MAX_LAYERS) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          signatureTag
              + " has "
              + image.layers().size()
              + " layers; cosign and Provenant read at most "
              + MAX_LAYERS
              + " signatures per image");
    }
    return Optional.of(image);
  }

  static void requireSameRegistry(RegistryClient client, ImageReference signatureTag) {
    Objects.requireNonNull(client, "client");
    if (!client.registry().equals(signatureTag.registry())) {
      throw new IllegalArgumentException(
          "the signatures are in "
              + signatureTag.name()
              + " but the client talks to "
              + client.registry()
              + ": pass a client of "
              + signatureTag.registry());
    }
  }

  private static void fetchPayload(
      RegistryClient client,
      ImageReference signatureTag,
      Descriptor layer,
      Map<Digest, byte[]> payloads,
      Map<Digest, String> problems)
      throws RegistryException {
    Digest digest = layer.digest();
    if (layer.size() > SimpleSigningPayload.MAX_BYTES) {
      problems.put(
          digest,
          "the layer declares a payload of "
              + layer.size()
              + " bytes; a signature payload is at most "
              + SimpleSigningPayload.MAX_BYTES);
      return;
    }
    try {
      payloads.put(
          digest,
          client.pullBlob(signatureTag.repository(), digest, SimpleSigningPayload.MAX_BYTES));
    } catch (RegistryException e) {
      switch (e.failure()) {
        case NOT_FOUND ->
            problems.put(
                digest,
                "the payload blob "
                    + digest
                    + " is missing from "
                    + signatureTag.name()
                    + e.errorCode().map(code -> " (the registry answered " + code + ")").orElse("")
                    + "; the signature cannot be checked");
        case INTEGRITY, INVALID_INPUT ->
            problems.put(digest, "the payload blob " + digest + " is unusable: " + e.getMessage());
        default -> throw e;
      }
    }
  }
}
