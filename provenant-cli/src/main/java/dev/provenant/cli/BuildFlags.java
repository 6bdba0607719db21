package dev.provenant.cli;

import dev.provenant.core.provenance.CiEnvironment;
import dev.provenant.core.provenance.CiEnvironmentException;
import dev.provenant.core.provenance.Generic;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The flags that describe a build outside GitHub Actions and GitLab CI, and the choice between them
 * and the CI environment: any of these flags means a generic build, described by the flags alone,
 * so that what is written is what the user typed and never a mix of two sources.
 */
final class BuildFlags {
  @Option(
      names = "--builder-id",
      paramLabel = "URI",
      description = "Generic build: the build platform's id (runDetails.builder.id).")
  String builderId;

  @Option(
      names = "--build-type",
      paramLabel = "URI",
      description = "Generic build: the build type (default: " + Generic.BUILD_TYPE + ").")
  String buildType;

  @Option(
      names = "--source-repository",
      paramLabel = "URL",
      description = "Generic build: the source repository URL, such as https://git.example/app.")
  String sourceRepository;

  @Option(
      names = "--source-revision",
      paramLabel = "SHA",
      description = "Generic build: the full commit id that was built.")
  String sourceRevision;

  @Option(
      names = "--source-ref",
      paramLabel = "REF",
      description = "Generic build: the branch or tag that was built, such as refs/heads/main.")
  String sourceRef;

  @Option(
      names = "--entry-point",
      paramLabel = "PATH",
      description = "Generic build: the pipeline file or job that ran the build.")
  String entryPoint;

  @Option(
      names = "--invocation-id",
      paramLabel = "ID",
      description = "Generic build: a URI or id naming this run.")
  String invocationId;

  private boolean anyGiven() {
    return Stream.of(
            builderId,
            buildType,
            sourceRepository,
            sourceRevision,
            sourceRef,
            entryPoint,
            invocationId)
        .anyMatch(v -> v != null);
  }

  /**
   * The generic build when a flag is given, else the CI that {@code environment} belongs to.
   *
   * @throws CommandFailure (exit 2) naming the variables or flags that are needed
   */
  CiEnvironment resolve(Map<String, String> environment) throws CommandFailure {
    try {
      if (anyGiven()) {
        return Generic.of(
            builderId,
            buildType,
            sourceRepository,
            sourceRevision,
            sourceRef,
            entryPoint,
            invocationId);
      }
      Optional<CiEnvironment> detected = CiEnvironment.detect(environment);
      if (detected.isPresent()) {
        return detected.get();
      }
    } catch (CiEnvironmentException e) {
      throw new CommandFailure(ExitCode.INPUT, "invalid_input", e.getMessage(), e);
    }
    throw new CommandFailure(
        ExitCode.INPUT,
        "invalid_input",
        "no CI environment found and no build flags given: run in GitHub Actions"
            + " (GITHUB_ACTIONS=true with GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT,"
            + " GITHUB_SHA, GITHUB_REF, GITHUB_WORKFLOW_REF) or GitLab CI (GITLAB_CI=true with"
            + " CI_SERVER_URL, CI_PROJECT_ID, CI_PROJECT_PATH, CI_JOB_ID, CI_PIPELINE_ID,"
            + " CI_COMMIT_SHA, CI_COMMIT_REF_NAME, CI_RUNNER_ID, CI_RUNNER_VERSION), or pass"
            + " --builder-id, --source-repository and --source-revision",
        null);
  }
}
