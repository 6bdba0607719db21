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
 * A GitHub Actions workflow run, from the runner's default environment variables, mapped as
 * GitHub's own artifact attestations map it (build type {@value #BUILD_TYPE}).
 *
 * <p>{@code GITHUB_WORKFLOW_REF} ({@code owner/repo/.github/workflows/build.yml@refs/heads/main})
 * gives {@code externalParameters.workflow}: its repository, path and ref. {@code
 * RUNNER_ENVIRONMENT} chooses the builder: only {@code github-hosted} claims GitHub's hosted
 * runner; anything else, including an unset variable on older GitHub Enterprise Server runners, is
 * reported as self-hosted, which claims less.
 *
 * @see <a href="https://actions.github.io/buildtypes/workflow/v1">GitHub Actions workflow build
 *     type v1</a>
 * @see <a
 *     href="https://docs.github.com/en/actions/reference/workflows-and-actions/variables#default-environment-variables">GitHub
 *     default environment variables</a>
 */
public record GitHubActions(
    String serverUrl,
    String repository,
    String repositoryId,
    String repositoryOwnerId,
    String runId,
    String runAttempt,
    String sha,
    String ref,
    String workflowRef,
    String eventName,
    String runnerEnvironment)
    implements CiEnvironment {

  public static final String BUILD_TYPE = "https://actions.github.io/buildtypes/workflow/v1";
  public static final String GITHUB_HOSTED = "https://github.com/actions/runner/github-hosted";
  public static final String SELF_HOSTED = "https://github.com/actions/runner/self-hosted";

  static final String[] REQUIRED = {
    "GITHUB_REPOSITORY",
    "GITHUB_RUN_ID",
    "GITHUB_RUN_ATTEMPT",
    "GITHUB_SHA",
    "GITHUB_REF",
    "GITHUB_WORKFLOW_REF"
  };

  /** Whether the environment is a GitHub Actions runner's ({@code GITHUB_ACTIONS=true}). */
  static boolean isPresent(Map<String, String> environment) {
    return "true".equals(environment.get("GITHUB_ACTIONS"))
        || environment.containsKey("GITHUB_RUN_ID");
  }

  /**
   * Reads the run from {@code environment}.
   *
   * @throws CiEnvironmentException naming required variables that are unset or malformed
   */
  public static GitHubActions from(Map<String, String> environment) throws CiEnvironmentException {
    List<String> missing = new ArrayList<>(CiEnvironment.missing(environment, REQUIRED));
    if (!missing.isEmpty()) {
      throw new CiEnvironmentException(
          "GitHub Actions environment is missing " + String.join(", ", missing), missing);
    }
    String sha = environment.get("GITHUB_SHA");
    if (!CiEnvironment.isCommitId(sha)) {
      throw new CiEnvironmentException(
          "GITHUB_SHA '" + sha + "' is not a full lower-case commit id", List.of("GITHUB_SHA"));
    }
    String workflowRef = environment.get("GITHUB_WORKFLOW_REF");
    if (workflowRef.indexOf('@') < 0 || workflowRef.split("/", 3).length < 3) {
      throw new CiEnvironmentException(
          "GITHUB_WORKFLOW_REF '"
              + workflowRef
              + "' is not OWNER/REPO/PATH@REF (such as"
              + " octo-org/app/.github/workflows/build.yml@refs/heads/main)",
          List.of("GITHUB_WORKFLOW_REF"));
    }
    String serverUrl = environment.getOrDefault("GITHUB_SERVER_URL", "https://github.com");
    return new GitHubActions(
        serverUrl.isBlank() ? "https://github.com" : stripSlash(serverUrl),
        environment.get("GITHUB_REPOSITORY"),
        environment.get("GITHUB_REPOSITORY_ID"),
        environment.get("GITHUB_REPOSITORY_OWNER_ID"),
        environment.get("GITHUB_RUN_ID"),
        environment.get("GITHUB_RUN_ATTEMPT"),
        sha,
        environment.get("GITHUB_REF"),
        workflowRef,
        environment.get("GITHUB_EVENT_NAME"),
        environment.get("RUNNER_ENVIRONMENT"));
  }

  @Override
  public String name() {
    return "github";
  }

  /** The repository's web URL, {@code https://github.com/OWNER/REPO}. */
  public String repositoryUrl() {
    return serverUrl + "/" + repository;
  }

  @Override
  public Builder builder() {
    return new Builder("github-hosted".equals(runnerEnvironment) ? GITHUB_HOSTED : SELF_HOSTED);
  }

  @Override
  public BuildDefinition buildDefinition() {
    int at = workflowRef.lastIndexOf('@');
    String[] parts = workflowRef.substring(0, at).split("/", 3);
    Map<String, Object> workflow = new TreeMap<>();
    workflow.put("repository", serverUrl + "/" + parts[0] + "/" + parts[1]);
    workflow.put("path", parts[2]);
    workflow.put("ref", workflowRef.substring(at + 1));

    Map<String, Object> github = new TreeMap<>();
    putIfSet(github, "event_name", eventName);
    putIfSet(github, "repository_id", repositoryId);
    putIfSet(github, "repository_owner_id", repositoryOwnerId);
    putIfSet(github, "runner_environment", runnerEnvironment);

    return new BuildDefinition(
        BUILD_TYPE,
        Map.of("workflow", workflow),
        github.isEmpty() ? Map.of() : Map.of("github", github),
        List.of(ResourceDescriptor.gitCommit("git+" + repositoryUrl() + "@" + ref, sha)));
  }

  @Override
  public String invocationId() {
    return repositoryUrl() + "/actions/runs/" + runId + "/attempts/" + runAttempt;
  }

  /** GitHub sets no variable with the run's start time. */
  @Override
  public Optional<Instant> startedOn() {
    return Optional.empty();
  }

  @Override
  public SequencedMap<String, String> imageLabels() {
    SequencedMap<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_REPO_ID, repository);
    labels.put(LABEL_JOB_ID, runId);
    labels.put(LABEL_SOURCE, "github");
    labels.put(LABEL_OCI_SOURCE, repositoryUrl());
    labels.put(LABEL_OCI_REVISION, sha);
    return labels;
  }

  private static void putIfSet(Map<String, Object> map, String key, String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value);
    }
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
