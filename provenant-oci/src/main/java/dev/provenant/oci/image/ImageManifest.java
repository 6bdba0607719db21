package dev.provenant.oci.image;

import dev.provenant.core.digest.Digest;
import java.util.List;
import java.util.Map;

/**
 * A single image: its config and its layers (OCI image manifest or Docker v2 schema 2).
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md">OCI image
 *     manifest</a>
 */
public record ImageManifest(
    String mediaType,
    Digest digest,
    long size,
    Descriptor config,
    List<Descriptor> layers,
    Map<String, String> annotations,
    Descriptor subject,
    String artifactType)
    implements Manifest {

  public ImageManifest {
    layers = List.copyOf(layers);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** The sum of the layer sizes, as the manifest declares them. */
  public long totalLayerSize() {
    return layers.stream().mapToLong(Descriptor::size).sum();
  }
}
