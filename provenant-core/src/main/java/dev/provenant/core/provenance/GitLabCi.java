package dev.provenant.core.provenance;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.TreeMap;

/**
 * A GitLab CI/CD job, from GitLab's predefined variables, mapped as GitLab Runner's own SLSA v1
 * provenance maps it: build type {@code https://gitlab.com/gitlab-org/gitlab-runner/-/blob/v<runner
 * version>/PROVENANCE.md}, builder {@code <project URL>/-/runners/<runner id>}, external parameters
 * {@code source} (the project), {@code entryPoint} (the job name) and {@code variables}, internal
 * parameters {@code name} (runner), {@code architecture} and {@code job}.
 *
 * <p>Two deliberate differences from the runner's statements: {@code variables} holds only the
 * non-secret variables that shape the build (the ref, the pipeline source, the CI config path), not
 * every variable with masked ones shown as {@code [MASKED]} — a CLI cannot tell which of a job's
 * variables are masked; and the source commit's digest is keyed {@code gitCommit} as the in-toto
 * digest-set spec says, where the runner writes a SHA-1 commit id under {@code sha256}.
 *
 * @see <a
 *     href="https://docs.gitlab.com/ci/runners/configure_runners/#provenance-metadata-format">GitLab
 *     Runner provenance metadata format</a>
 * @see <a href="https://docs.gitlab.com/ci/variables/predefined_variables/">GitLab predefined CI/CD
 *     variables</a>
 */
public record GitLabCi(
    String serverUrl,
    String projectId,
    String projectPath,
    String projectUrl,
    String jobId,
    String jobName,
    String jobStartedAt,
    String pipelineId,
    String pipelineSource,
    String commitSha,
    String refName,
    String configPath,
    String runnerId,
    String runnerDescription,
    String runnerVersion,
    String runnerRevision,
    String runnerArchitecture)
    implements CiEnvironment {

  static final String[] REQUIRED = {
    "CI_SERVER_URL",
    "CI_PROJECT_ID",
    "CI_PROJECT_PATH",
    "CI_JOB_ID",
    "CI_PIPELINE_ID",
    "CI_COMMIT_SHA",
    "CI_COMMIT_REF_NAME",
    "CI_RUNNER_ID",
    "CI_RUNNER_VERSION"
  };

  /** Whether the environment is a GitLab job's ({@code GITLAB_CI=true}). */
  static boolean isPresent(Map<String, String> environment) {
    return "true".equals(environment.get("GITLAB_CI")) || environment.containsKey("CI_JOB_ID");
  }

  /**
   * Reads the job from {@code environment}.
   *
   * @throws CiEnvironmentException naming required variables that are unset or malformed
   */
  public static GitLabCi from(Map<String, String> environment) throws CiEnvironmentException {
    List<String> missing = CiEnvironment.missing(environment, REQUIRED);
    if (!missing.isEmpty()) {
      throw new CiEnvironmentException(
          "GitLab CI environment is missing " + String.join(", ", missing), missing);
    }
    String sha = environment.get("CI_COMMIT_SHA");
    if (!CiEnvironment.isCommitId(sha)) {
      throw new CiEnvironmentException(
          "CI_COMMIT_SHA '" + sha + "' is not a full lower-case commit id",
          List.of("CI_COMMIT_SHA"));
    }
    String startedAt = environment.get("CI_JOB_STARTED_AT");
    if (startedAt != null && !startedAt.isBlank()) {
      try {
        Instant.parse(startedAt);
      } catch (DateTimeParseException e) {
        throw new CiEnvironmentException(
            "CI_JOB_STARTED_AT '" + startedAt + "' is not an ISO 8601 time",
            List.of("CI_JOB_STARTED_AT"));
      }
    }
    String serverUrl = GitHubActions.stripSlash(environment.get("CI_SERVER_URL"));
    String projectPath = environment.get("CI_PROJECT_PATH");
    String projectUrl = environment.get("CI_PROJECT_URL");
    return new GitLabCi(
        serverUrl,
        environment.get("CI_PROJECT_ID"),
        projectPath,
        projectUrl == null || projectUrl.isBlank() ? serverUrl + "/" + projectPath : projectUrl,
        environment.get("CI_JOB_ID"),
        environment.get("CI_JOB_NAME"),
        startedAt,
        environment.get("CI_PIPELINE_ID"),
        environment.get("CI_PIPELINE_SOURCE"),
        sha,
        environment.get("CI_COMMIT_REF_NAME"),
        environment.get("CI_CONFIG_PATH"),
        environment.get("CI_RUNNER_ID"),
        environment.get("CI_RUNNER_DESCRIPTION"),
        environment.get("CI_RUNNER_VERSION"),
        environment.get("CI_RUNNER_REVISION"),
        environment.get("CI_RUNNER_EXECUTABLE_ARCH"));
  }

  @Override
  public String name() {
    return "gitlab";
  }

  @Override
  public Builder builder() {
    Map<String, String> version = new TreeMap<>();
    if (runnerRevision != null && !runnerRevision.isBlank()) {
      version.put("gitlab-runner", runnerRevision);
    }
    return new Builder(projectUrl + "/-/runners/" + runnerId, new TreeMap<>(version));
  }

  /** The runner's build type, versioned by the runner release as GitLab's runner writes it. */
  public String buildType() {
    String tag = runnerVersion.startsWith("v") ? runnerVersion : "v" + runnerVersion;
    return "https://gitlab.com/gitlab-org/gitlab-runner/-/blob/" + tag + "/PROVENANCE.md";
  }

  @Override
  public BuildDefinition buildDefinition() {
    Map<String, Object> variables = new TreeMap<>();
    putIfSet(variables, "CI_COMMIT_REF_NAME", refName);
    putIfSet(variables, "CI_CONFIG_PATH", configPath);
    putIfSet(variables, "CI_PIPELINE_SOURCE", pipelineSource);
    Map<String, Object> external = new TreeMap<>();
    external.put("source", projectUrl);
    putIfSet(external, "entryPoint", jobName);
    external.put("variables", variables);

    Map<String, Object> internal = new TreeMap<>();
    putIfSet(internal, "name", runnerDescription);
    putIfSet(internal, "architecture", runnerArchitecture);
    internal.put("job", jobId);
    internal.put("pipeline", pipelineId);

    return new BuildDefinition(
        buildType(),
        external,
        internal,
        List.of(ResourceDescriptor.gitCommit(projectUrl, commitSha)));
  }

  /** The job's URL: unique across GitLab instances, where the bare job id is not. */
  @Override
  public String invocationId() {
    return projectUrl + "/-/jobs/" + jobId;
  }

  @Override
  public Optional<Instant> startedOn() {
    return jobStartedAt == null || jobStartedAt.isBlank()
        ? Optional.empty()
        : Optional.of(Instant.parse(jobStartedAt));
  }

  @Override
  public SequencedMap<String, String> imageLabels() {
    SequencedMap<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_REPO_ID, projectId);
    labels.put(LABEL_JOB_ID, jobId);
    labels.put(LABEL_SOURCE, "gitlab");
    labels.put(LABEL_OCI_SOURCE, projectUrl);
    labels.put(LABEL_OCI_REVISION, commitSha);
    return labels;
  }

  private static void putIfSet(Map<String, Object> map, String key, String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value);
    }
  }
}
