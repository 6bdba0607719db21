package dev.provenant.oci.image;

import dev.provenant.core.digest.Digest;
import java.util.Objects;

/**
 * A manifest's exact bytes as served, with the media type the source reported and the digest of
 * those bytes. Signatures and digests are over these bytes, never over a re-serialisation.
 */
public record RawManifest(byte[] bytes, String mediaType, Digest digest) {
  public RawManifest {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(digest, "digest");
  }

  /** Parses the bytes; the declared {@code mediaType} field wins over the reported one. */
  public Manifest parse() throws ImageAccessException {
    return ManifestParser.parse(bytes, mediaType, digest);
  }
}
