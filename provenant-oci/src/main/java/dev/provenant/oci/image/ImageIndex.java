package dev.provenant.oci.image;

import dev.provenant.core.digest.Digest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A list of manifests, usually one per platform (OCI image index or Docker manifest list).
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/image-index.md">OCI image
 *     index</a>
 */
public record ImageIndex(
    String mediaType,
    Digest digest,
    long size,
    List<Descriptor> manifests,
    Map<String, String> annotations,
    Descriptor subject,
    String artifactType)
    implements Manifest {

  public ImageIndex {
    manifests = List.copyOf(manifests);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** The first child manifest built for {@code platform}, if any. */
  public Optional<Descriptor> forPlatform(Platform platform) {
    return manifests.stream()
        .filter(d -> d.platform() != null && platform.accepts(d.platform()))
        .findFirst();
  }
}
