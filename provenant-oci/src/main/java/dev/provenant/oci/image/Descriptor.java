package dev.provenant.oci.image;

import dev.provenant.core.digest.Digest;
import java.util.Map;
import java.util.Objects;

/**
 * A pointer to content: its media type, digest and size, with optional annotations, platform (in an
 * index) and artifact type.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md">OCI
 *     descriptor</a>
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    Map<String, String> annotations,
    Platform platform,
    String artifactType) {

  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("descriptor size cannot be negative: " + size);
    }
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** A descriptor with no annotations, platform or artifact type. */
  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, Map.of(), null, null);
  }
}
