package dev.provenant.core.provenance;

import java.util.List;

/**
 * Who ran the build and when: the builder, the run's metadata and any byproducts.
 *
 * @see <a href="https://slsa.dev/spec/v1.0/provenance#rundetails">SLSA v1 provenance,
 *     RunDetails</a>
 */
public record RunDetails(
    Builder builder, BuildMetadata metadata, List<ResourceDescriptor> byproducts) {

  /** Requires the builder; no metadata means an empty one. */
  public RunDetails {
    if (builder == null) {
      throw new IllegalArgumentException("runDetails.builder is required");
    }
    metadata = metadata == null ? new BuildMetadata(null, null, null) : metadata;
    byproducts = List.copyOf(byproducts == null ? List.of() : byproducts);
  }
}
