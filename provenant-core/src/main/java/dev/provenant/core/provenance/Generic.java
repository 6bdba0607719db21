package dev.provenant.core.provenance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.TreeMap;

/**
 * A build described by the caller rather than read from a known CI: Jenkins, Buildkite, a script.
 * The caller names the builder and the source; nothing here is vouched for by a platform, which is
 * why the builder id is required and not guessed.
 *
 * <p>The default build type {@value #BUILD_TYPE} has external parameters {@code repository} (source
 * URL), and when given {@code ref} and {@code entryPoint}; docs/provenance.md describes it.
 */
public record Generic(
    String builderId,
    String buildType,
    String sourceRepository,
    String sourceRevision,
    String sourceRef,
    String entryPoint,
    String invocationId)
    implements CiEnvironment {

  public static final String BUILD_TYPE = "https://provenant.dev/buildtypes/generic/v1";

  /**
   * Checks that the builder and source are named; {@code buildType} defaults to {@value
   * #BUILD_TYPE}, the rest may be null.
   *
   * @throws CiEnvironmentException naming each missing flag ({@code --builder-id}…)
   */
  public static Generic of(
      String builderId,
      String buildType,
      String sourceRepository,
      String sourceRevision,
      String sourceRef,
      String entryPoint,
      String invocationId)
      throws CiEnvironmentException {
    List<String> missing = new ArrayList<>();
    if (blank(builderId)) {
      missing.add("--builder-id");
    }
    if (blank(sourceRepository)) {
      missing.add("--source-repository");
    }
    if (blank(sourceRevision)) {
      missing.add("--source-revision");
    }
    if (!missing.isEmpty()) {
      throw new CiEnvironmentException(
          "a build outside GitHub Actions and GitLab CI needs " + String.join(", ", missing),
          missing);
    }
    if (!CiEnvironment.isCommitId(sourceRevision)) {
      throw new CiEnvironmentException(
          "--source-revision '"
              + sourceRevision
              + "' is not a full lower-case commit id (40 or 64 hex digits)",
          List.of("--source-revision"));
    }
    return new Generic(
        builderId,
        blank(buildType) ? BUILD_TYPE : buildType,
        sourceRepository,
        sourceRevision,
        blank(sourceRef) ? null : sourceRef,
        blank(entryPoint) ? null : entryPoint,
        blank(invocationId) ? null : invocationId);
  }

  @Override
  public String name() {
    return "generic";
  }

  @Override
  public Builder builder() {
    return new Builder(builderId);
  }

  @Override
  public BuildDefinition buildDefinition() {
    Map<String, Object> external = new TreeMap<>();
    external.put("repository", sourceRepository);
    if (sourceRef != null) {
      external.put("ref", sourceRef);
    }
    if (entryPoint != null) {
      external.put("entryPoint", entryPoint);
    }
    String uri = "git+" + sourceRepository + (sourceRef == null ? "" : "@" + sourceRef);
    return new BuildDefinition(
        buildType, external, Map.of(), List.of(ResourceDescriptor.gitCommit(uri, sourceRevision)));
  }

  @Override
  public Optional<Instant> startedOn() {
    return Optional.empty();
  }

  /** Only the OCI labels: the OX labels name a GitHub or GitLab run, which this is not. */
  @Override
  public SequencedMap<String, String> imageLabels() {
    SequencedMap<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_OCI_SOURCE, sourceRepository);
    labels.put(LABEL_OCI_REVISION, sourceRevision);
    return labels;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
