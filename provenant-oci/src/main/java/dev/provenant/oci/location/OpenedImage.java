package dev.provenant.oci.location;

import dev.provenant.oci.image.ImageSource;
import java.util.Objects;

/**
 * An image source opened for one location, with the tag or digest to ask it for. Closing it
 * releases the source (and the registry client, for a registry).
 */
public record OpenedImage(
    ImageLocation location, ImageSource source, String manifestReference, AutoCloseable owner)
    implements AutoCloseable {

  public OpenedImage {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(manifestReference, "manifestReference");
  }

  @Override
  public void close() {
    source.close();
    if (owner != null) {
      try {
        owner.close();
      } catch (Exception e) {
        // Closing an HTTP client or a temp directory cannot lose data; nothing to report.
      }
    }
  }
}
