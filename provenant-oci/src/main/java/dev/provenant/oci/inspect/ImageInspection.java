package dev.provenant.oci.inspect;

import dev.provenant.core.digest.Digest;
import dev.provenant.oci.image.Platform;
import java.util.List;
import java.util.Map;

/**
 * What {@code provenant inspect} reports about an image: the manifest the reference resolves to
 * and, when that is an image (or an index narrowed to one platform), the image's configuration.
 *
 * @param reference the location, canonicalised
 * @param digest the digest of the manifest the reference resolves to
 * @param platforms for an index, its entries; empty for an image
 * @param platformManifest for an index narrowed with a platform, the entry chosen; otherwise null
 * @param image the image reached, or null for an index that was not narrowed to a platform
 */
public record ImageInspection(
    String reference,
    Digest digest,
    String mediaType,
    long size,
    Map<String, String> annotations,
    List<PlatformEntry> platforms,
    PlatformEntry platformManifest,
    ImageDetails image) {

  public ImageInspection {
    annotations = Map.copyOf(annotations);
    platforms = List.copyOf(platforms);
  }

  /** One manifest listed by an index. */
  public record PlatformEntry(Platform platform, Digest digest, String mediaType, long size) {}

  /** One image's configuration and layers. */
  public record ImageDetails(
      Digest configDigest,
      String created,
      String os,
      String architecture,
      Map<String, String> labels,
      Map<String, String> annotations,
      int layerCount,
      long layerSize) {
    public ImageDetails {
      labels = Map.copyOf(labels);
      annotations = Map.copyOf(annotations);
    }
  }
}
