package dev.provenant.oci.signature;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.BundleMediaType;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.oci.image.Descriptor;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.image.ImageIndex;
import dev.provenant.oci.image.ImageManifest;
import dev.provenant.oci.image.ManifestParser;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.image.RawManifest;
import dev.provenant.oci.registry.BlobContent;
import dev.provenant.oci.registry.ManifestHead;
import dev.provenant.oci.registry.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores Sigstore bundles with an image, and finds them again, as cosign's bundle specification
 * lays them out: an OCI 1.1 artifact manifest whose {@code artifactType} and only layer are the
 * bundle v0.3 media type, whose config is the empty descriptor, and whose {@code subject} is the
 * image. Registries without the referrers API (Debian's docker-registry 2.8 among them) get the
 * referrers tag-schema index {@code sha256-<hex>} updated as well.
 *
 * @see <a href="https://github.com/sigstore/cosign/blob/main/specs/BUNDLE_SPEC.md">cosign
 *     BUNDLE_SPEC</a>
 */
public final class BundleAttachments {
  /** The artifact type and layer media type of a stored bundle. */
  public static final String ARTIFACT_TYPE = BundleMediaType.V0_3.value();

  /** Annotation naming the bundle's content: {@code message-signature} or {@code dsse-envelope}. */
  public static final String CONTENT_ANNOTATION = "dev.sigstore.bundle.content";

  /** Annotation naming the in-toto predicate type of a DSSE bundle. */
  public static final String PREDICATE_TYPE_ANNOTATION = "dev.sigstore.bundle.predicateType";

  /** A bundle is a few kilobytes; refuse to buffer anything absurd a registry may hold. */
  static final long MAX_BUNDLE_BYTES = 1024L * 1024;

  /**
   * What one verification reads of bundles in all, so that a flooded image cannot exhaust memory.
   */
  static final long MAX_TOTAL_BYTES = 32L * 1024 * 1024;

  /** How many referrers are read at most, so that a flooded index cannot stall a verification. */
  static final int MAX_REFERRERS = 200;

  private static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();

  private BundleAttachments() {}

  /**
   * Attaches a bundle holding a DSSE envelope (an image signature statement or an attestation) to
   * {@code image}, annotated as cosign v3 annotates it, and returns the referrer manifest's digest.
   *
   * @param predicateType the in-toto predicate type of the envelope's statement
   */
  public static Digest attachDsse(
      RegistryClient client, ImageReference image, byte[] bundleJson, String predicateType)
      throws ImageAccessException {
    return attach(
        client,
        image,
        bundleJson,
        Map.of(CONTENT_ANNOTATION, "dsse-envelope", PREDICATE_TYPE_ANNOTATION, predicateType));
  }

  /**
   * Attaches {@code bundleJson} to {@code image} (which carries its digest) and returns the
   * referrer manifest's digest.
   *
   * @param annotations the manifest annotations ({@link #CONTENT_ANNOTATION}, {@link
   *     #PREDICATE_TYPE_ANNOTATION}); the creation time is added
   */
  public static Digest attach(
      RegistryClient client,
      ImageReference image,
      byte[] bundleJson,
      Map<String, String> annotations)
      throws ImageAccessException {
    Digest subjectDigest =
        image
            .optionalDigest()
            .orElseThrow(
                () -> new IllegalArgumentException("attach to a digest, not a tag: " + image));
    String repository = image.repository();
    ManifestHead subject =
        client
            .headManifest(repository, subjectDigest.toString())
            .orElseThrow(
                () ->
                    new ImageAccessException(
                        Failure.NOT_FOUND,
                        image + " is not in the registry; nothing to attach to"));

    Digest configDigest = Digest.sha256(EMPTY_CONFIG);
    client.pushBlob(repository, configDigest, EMPTY_CONFIG.length, BlobContent.of(EMPTY_CONFIG));
    Digest bundleDigest = Digest.sha256(bundleJson);
    client.pushBlob(repository, bundleDigest, bundleJson.length, BlobContent.of(bundleJson));

    Map<String, String> manifestAnnotations = new LinkedHashMap<>(annotations);
    manifestAnnotations.putIfAbsent("org.opencontainers.image.created", Instant.now().toString());
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest.put("artifactType", ARTIFACT_TYPE);
    manifest.set(
        "config",
        ManifestParser.toJson(
            Descriptor.of(MediaTypes.OCI_EMPTY, configDigest, EMPTY_CONFIG.length)));
    manifest
        .putArray("layers")
        .add(
            ManifestParser.toJson(
                new Descriptor(
                    ARTIFACT_TYPE,
                    bundleDigest,
                    bundleJson.length,
                    Map.of(
                        "org.opencontainers.image.title",
                        bundleDigest.algorithm().label()
                            + "-"
                            + bundleDigest.hex()
                            + ".sigstore.json"),
                    null,
                    null)));
    manifest.set(
        "subject",
        ManifestParser.toJson(
            Descriptor.of(subject.mediaType(), subject.digest(), subject.size())));
    ObjectNode annotationNode = manifest.putObject("annotations");
    manifestAnnotations.forEach(annotationNode::put);
    byte[] manifestBytes;
    try {
      manifestBytes = JSON.writeValueAsBytes(manifest);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    Digest manifestDigest = Digest.sha256(manifestBytes);
    client.pushManifest(
        repository, manifestDigest.toString(), manifestBytes, MediaTypes.OCI_MANIFEST);
    // The referrers API, where a registry has it, lists the manifest by its subject on its own;
    // the tag-schema index is kept too, because the registry's answer to the push does not say
    // whether it did (distribution-spec 1.1, "Pushing Manifests with Subject").
    client.addReferrerToFallbackIndex(
        repository,
        subjectDigest,
        new Descriptor(
            MediaTypes.OCI_MANIFEST,
            manifestDigest,
            manifestBytes.length,
            manifestAnnotations,
            null,
            ARTIFACT_TYPE));
    return manifestDigest;
  }

  /**
   * Every Sigstore bundle attached to the image {@code digest} in {@code repository}, read and
   * checked against their digests. A referrer that is not a bundle manifest is skipped; one that is
   * gone, altered or malformed is returned as {@link StoredBundle#unreadable} with the reason. At
   * most {@link #MAX_REFERRERS} referrers and {@link #MAX_TOTAL_BYTES} of bundles are read: what
   * lies beyond is reported as one unreadable entry, never silently dropped.
   *
   * @throws ImageAccessException when the registry cannot be reached or refuses access
   */
  public static List<StoredBundle> list(RegistryClient client, String repository, Digest digest)
      throws ImageAccessException {
    ImageIndex referrers = client.referrers(repository, digest, ARTIFACT_TYPE);
    List<StoredBundle> bundles = new ArrayList<>();
    long totalBytes = 0;
    int examined = 0;
    for (Descriptor referrer : referrers.manifests()) {
      if (referrer.artifactType() != null && !ARTIFACT_TYPE.equals(referrer.artifactType())) {
        continue;
      }
      if (examined == MAX_REFERRERS || totalBytes > MAX_TOTAL_BYTES) {
        bundles.add(
            StoredBundle.unreadable(
                referrer.digest(),
                "not read: the image has more bundle referrers than the "
                    + MAX_REFERRERS
                    + " (or "
                    + MAX_TOTAL_BYTES
                    + " bytes) one verification reads"));
        break;
      }
      examined++;
      try {
        RawManifest raw = client.pullManifest(repository, referrer.digest().toString());
        if (!(raw.parse() instanceof ImageManifest manifest)
            || manifest.layers().isEmpty()
            || !ARTIFACT_TYPE.equals(manifest.layers().getFirst().mediaType())) {
          continue;
        }
        Descriptor layer = manifest.layers().getFirst();
        byte[] bundle = client.pullBlob(repository, layer.digest(), MAX_BUNDLE_BYTES);
        totalBytes += bundle.length;
        bundles.add(new StoredBundle(raw.digest(), manifest.annotations(), bundle));
      } catch (ImageAccessException e) {
        if (e.failure() == Failure.UNREACHABLE || e.failure() == Failure.UNAUTHORIZED) {
          throw e;
        }
        bundles.add(
            StoredBundle.unreadable(
                referrer.digest(), "the referrer could not be read: " + e.getMessage()));
      }
    }
    return bundles;
  }
}
