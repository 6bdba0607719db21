package dev.provenant.core.provenance;

import java.util.List;
import java.util.Map;

/**
 * What was built and how: the build type, the parameters a tenant chose (external), those the
 * platform chose (internal), and the inputs it resolved.
 *
 * <p>Parameter values are JSON values as Java objects: strings, numbers, booleans, lists and nested
 * maps. Maps are copied sorted by key so the written statement is the same for the same input.
 *
 * @see <a href="https://slsa.dev/spec/v1.0/provenance#builddefinition">SLSA v1 provenance,
 *     BuildDefinition</a>
 */
public record BuildDefinition(
    String buildType,
    Map<String, Object> externalParameters,
    Map<String, Object> internalParameters,
    List<ResourceDescriptor> resolvedDependencies) {

  /** Requires a build type and external parameters (an empty object is allowed). */
  public BuildDefinition {
    if (buildType == null || buildType.isBlank()) {
      throw new IllegalArgumentException("buildDefinition.buildType is required");
    }
    if (externalParameters == null) {
      throw new IllegalArgumentException("buildDefinition.externalParameters is required");
    }
    externalParameters = JsonValues.sortedCopy(externalParameters);
    internalParameters =
        JsonValues.sortedCopy(internalParameters == null ? Map.of() : internalParameters);
    resolvedDependencies =
        List.copyOf(resolvedDependencies == null ? List.of() : resolvedDependencies);
  }
}
