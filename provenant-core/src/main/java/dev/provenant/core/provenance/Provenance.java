package dev.provenant.core.provenance;

import java.util.Objects;

/**
 * The SLSA provenance v1 predicate: how an artifact was built. A v0.2 predicate read by {@link
 * ProvenanceParser} is mapped onto this model too.
 *
 * @see <a href="https://slsa.dev/spec/v1.0/provenance">SLSA v1 provenance</a>
 */
public record Provenance(BuildDefinition buildDefinition, RunDetails runDetails) {
  public Provenance {
    Objects.requireNonNull(buildDefinition, "buildDefinition");
    Objects.requireNonNull(runDetails, "runDetails");
  }
}
