package dev.provenant.oci.layout;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.InvalidDigestException;
import dev.provenant.oci.image.Descriptor;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.image.ImageIndex;
import dev.provenant.oci.image.Manifest;
import dev.provenant.oci.image.ManifestParser;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.image.RawManifest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code index.json} of an OCI image layout, read as a table from tag to manifest: which
 * descriptor each {@code org.opencontainers.image.ref.name} annotation names. Shared by the layout
 * on disk and the layout inside an {@code oci-archive} tar.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/image-layout.md">OCI image
 *     layout</a>
 */
public final class LayoutIndex {
  /** The annotation that names a manifest in {@code index.json}: the layout's "tag". */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  /** The largest {@code index.json} or manifest that is read into memory. */
  public static final long MAX_DOCUMENT_BYTES = 4L * 1024 * 1024;

  private final ImageIndex index;
  private final String where;

  private LayoutIndex(ImageIndex index, String where) {
    this.index = index;
    this.where = where;
  }

  /**
   * Parses {@code index.json} bytes.
   *
   * @param where the layout, for messages: {@code oci:/tmp/layout}
   */
  public static LayoutIndex parse(byte[] bytes, String where) throws ImageAccessException {
    Objects.requireNonNull(where, "where");
    Manifest parsed;
    try {
      parsed = ManifestParser.parse(bytes, MediaTypes.OCI_INDEX, Digest.sha256(bytes));
    } catch (ImageAccessException e) {
      throw new ImageAccessException(
          e.failure(),
          "the index.json of "
              + where
              + " is invalid: "
              + e.getMessage()
              + "; repair or recreate it",
          e);
    }
    if (!(parsed instanceof ImageIndex imageIndex)) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          "the index.json of "
              + where
              + " is not an image index (it has no 'manifests' array); is this an OCI image"
              + " layout?");
    }
    return new LayoutIndex(imageIndex, where);
  }

  /** The parsed {@code index.json}. */
  public ImageIndex index() {
    return index;
  }

  /** The ref names in {@code index.json}, in its order. */
  public List<String> tags() {
    return index.manifests().stream()
        .map(d -> d.annotations().get(REF_NAME))
        .filter(Objects::nonNull)
        .toList();
  }

  /**
   * The descriptor that {@code tag} names.
   *
   * @throws ImageAccessException NOT_FOUND, listing the tags there are
   */
  public Descriptor forTag(String tag) throws ImageAccessException {
    Descriptor found = null;
    for (Descriptor descriptor : index.manifests()) {
      // The last entry wins, as in umoci and containers/image, should a layout name a tag twice.
      if (tag.equals(descriptor.annotations().get(REF_NAME))) {
        found = descriptor;
      }
    }
    if (found == null) {
      throw new ImageAccessException(
          Failure.NOT_FOUND, where + " has no image tagged '" + tag + "'; " + available());
    }
    return found;
  }

  /** The descriptor in {@code index.json} for {@code digest}, if it lists that manifest. */
  public Optional<Descriptor> forDigest(Digest digest) {
    return index.manifests().stream().filter(d -> d.digest().equals(digest)).findFirst();
  }

  /**
   * The only manifest in {@code index.json}.
   *
   * @throws ImageAccessException INVALID_INPUT, listing the tags, when there are none or several
   */
  public Descriptor only() throws ImageAccessException {
    List<Descriptor> manifests = index.manifests();
    if (manifests.size() == 1) {
      return manifests.get(0);
    }
    if (manifests.isEmpty()) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT, where + " holds no image: its index.json lists no manifests");
    }
    throw new ImageAccessException(
        Failure.INVALID_INPUT,
        where
            + " holds "
            + manifests.size()
            + " images, so name one by tag or digest; "
            + available());
  }

  /** How a layout reads one of its blobs: from a file, or from an entry of an archive. */
  @FunctionalInterface
  public interface BlobReader {
    /**
     * The whole blob, checked against {@code digest}.
     *
     * @param what the kind of blob, for messages: {@code manifest}
     */
    byte[] read(Digest digest, long maxBytes, String what) throws ImageAccessException;
  }

  /**
   * Reads the manifest that {@code tagOrDigest} names, through {@code blobs}. A manifest asked for
   * by a digest that {@code index.json} does not list is still read (layouts keep unlisted ones,
   * such as the images of an index); its media type then comes from the document.
   *
   * @throws ImageAccessException INTEGRITY when the manifest's size differs from the one {@code
   *     index.json} declares; NOT_FOUND for an unknown tag
   */
  public RawManifest manifest(String tagOrDigest, BlobReader blobs) throws ImageAccessException {
    Objects.requireNonNull(tagOrDigest, "tagOrDigest");
    Optional<Digest> asked = digestIn(tagOrDigest);
    Descriptor descriptor =
        asked.isPresent() ? forDigest(asked.get()).orElse(null) : forTag(tagOrDigest);
    Digest digest = asked.orElseGet(descriptor::digest);
    byte[] bytes = blobs.read(digest, MAX_DOCUMENT_BYTES, "manifest");
    if (descriptor != null && descriptor.size() != bytes.length) {
      throw new ImageAccessException(
          Failure.INTEGRITY,
          "manifest "
              + digest
              + " in "
              + where
              + " is "
              + bytes.length
              + " bytes but index.json declares "
              + descriptor.size()
              + "; its index.json was altered");
    }
    String mediaType =
        descriptor != null
            ? descriptor.mediaType()
            : ManifestParser.parse(bytes, null, digest).mediaType();
    return new RawManifest(bytes, mediaType, digest);
  }

  /** The path of a blob inside a layout: {@code blobs/sha256/<hex>}. */
  public static String blobPath(Digest digest) {
    return "blobs/" + digest.algorithm().label() + "/" + digest.hex();
  }

  /**
   * The digest that {@code tagOrDigest} asks for, or empty when it is a tag. OCI ref names may
   * contain colons (some tools write a whole reference), so only a known algorithm prefix makes it
   * a digest.
   *
   * @throws ImageAccessException INVALID_INPUT when it starts like a digest but is not a valid one
   */
  public static Optional<Digest> digestIn(String tagOrDigest) throws ImageAccessException {
    if (!tagOrDigest.startsWith("sha256:") && !tagOrDigest.startsWith("sha512:")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Digest.parse(tagOrDigest));
    } catch (InvalidDigestException e) {
      throw new ImageAccessException(Failure.INVALID_INPUT, e.getMessage(), e);
    }
  }

  private String available() {
    List<String> tags = tags();
    if (tags.isEmpty()) {
      return "its index.json names no tags (no " + REF_NAME + " annotations); use a digest";
    }
    return "available tags: " + String.join(", ", tags);
  }
}
