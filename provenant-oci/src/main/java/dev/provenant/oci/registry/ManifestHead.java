package dev.provenant.oci.registry;

import dev.provenant.core.digest.Digest;
import java.util.Objects;

/**
 * What a registry says about a manifest without sending it (an HTTP HEAD): its digest, media type
 * and size.
 */
public record ManifestHead(Digest digest, String mediaType, long size) {
  public ManifestHead {
    Objects.requireNonNull(digest, "digest");
  }
}
