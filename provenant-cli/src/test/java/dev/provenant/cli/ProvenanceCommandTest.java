package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code provenant provenance generate} and {@code provenant ci labels} in recorded CI jobs. */
class ProvenanceCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String GITHUB_SHA = "ffac537e6cbbf934b08745a378932722df287a53";
  private static final String GITLAB_SHA = "1ecfd275763eff1d6b4844ea3168962458c9f27a";
  private static final String IMAGE_DIGEST =
      "sha256:9b2d4a1c0e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b";

  @TempDir Path dir;

  /** From GitHub's "Default environment variables", as a push to main on a hosted runner. */
  static Map<String, String> gitHub() {
    Map<String, String> env = new HashMap<>();
    env.put("CI", "true");
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_EVENT_NAME", "push");
    env.put("GITHUB_REF", "refs/heads/main");
    env.put("GITHUB_REPOSITORY", "octo-org/octo-app");
    env.put("GITHUB_REPOSITORY_ID", "123456789");
    env.put("GITHUB_REPOSITORY_OWNER_ID", "9919");
    env.put("GITHUB_RUN_ATTEMPT", "1");
    env.put("GITHUB_RUN_ID", "1658821493");
    env.put("GITHUB_RUN_NUMBER", "42");
    env.put("GITHUB_SERVER_URL", "https://github.com");
    env.put("GITHUB_SHA", GITHUB_SHA);
    env.put(
        "GITHUB_WORKFLOW_REF", "octo-org/octo-app/.github/workflows/release.yml@refs/tags/v1.2.0");
    env.put("RUNNER_ENVIRONMENT", "github-hosted");
    env.put("RUNNER_OS", "Linux");
    return env;
  }

  /** From GitLab's "Predefined CI/CD variables", as a branch pipeline on a SaaS runner. */
  static Map<String, String> gitLab() {
    Map<String, String> env = new HashMap<>();
    env.put("CI", "true");
    env.put("GITLAB_CI", "true");
    env.put("CI_COMMIT_REF_NAME", "main");
    env.put("CI_COMMIT_SHA", GITLAB_SHA);
    env.put("CI_CONFIG_PATH", ".gitlab-ci.yml");
    env.put("CI_JOB_ID", "7046507302");
    env.put("CI_JOB_NAME", "build-image");
    env.put("CI_JOB_STARTED_AT", "2024-06-12T09:30:05Z");
    env.put("CI_PIPELINE_ID", "1328843371");
    env.put("CI_PIPELINE_SOURCE", "push");
    env.put("CI_PROJECT_ID", "48291375");
    env.put("CI_PROJECT_PATH", "acme/platform/api");
    env.put("CI_PROJECT_URL", "https://gitlab.com/acme/platform/api");
    env.put("CI_RUNNER_DESCRIPTION", "3-blue.saas-linux-small-amd64.runners-manager.gitlab.com");
    env.put("CI_RUNNER_EXECUTABLE_ARCH", "linux/amd64");
    env.put("CI_RUNNER_ID", "12270807");
    env.put("CI_RUNNER_REVISION", "44feccdf");
    env.put("CI_RUNNER_VERSION", "17.0.0");
    env.put("CI_SERVER_URL", "https://gitlab.com");
    return env;
  }

  @Test
  void generateInGitHubActionsWritesProvenanceForAFileAndAnImageAndPrintsTheLabels()
      throws Exception {
    Path jar = Files.writeString(dir.resolve("app.jar"), "jar bytes\n");
    Path out = dir.resolve("provenance.json");

    CliResult result =
        CliResult.runWithEnvironment(
            gitHub(),
            "provenance",
            "generate",
            "--subject",
            jar.toString(),
            "--subject",
            "ghcr.io/octo-org/octo-app@" + IMAGE_DIGEST,
            "--output",
            out.toString(),
            "--started-on",
            "2024-06-12T09:30:00Z",
            "--finished-on",
            "2024-06-12T09:41:27Z");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode statement = MAPPER.readTree(out.toFile());
    assertThat(statement.at("/subject/0/name").asText()).isEqualTo("app.jar");
    assertThat(statement.at("/subject/0/digest/sha256").asText())
        .isEqualTo(Digest.sha256("jar bytes\n".getBytes()).hex());
    assertThat(statement.at("/subject/1/name").asText()).isEqualTo("ghcr.io/octo-org/octo-app");
    assertThat(statement.at("/subject/1/digest/sha256").asText())
        .isEqualTo(IMAGE_DIGEST.substring(7));
    assertThat(statement.path("predicateType").asText())
        .isEqualTo("https://slsa.dev/provenance/v1");
    assertThat(statement.at("/predicate/buildDefinition/buildType").asText())
        .isEqualTo("https://actions.github.io/buildtypes/workflow/v1");
    assertThat(statement.at("/predicate/buildDefinition/externalParameters/workflow/path").asText())
        .isEqualTo(".github/workflows/release.yml");
    assertThat(statement.at("/predicate/buildDefinition/externalParameters/workflow/ref").asText())
        .isEqualTo("refs/tags/v1.2.0");
    assertThat(
            statement
                .at("/predicate/buildDefinition/resolvedDependencies/0/digest/gitCommit")
                .asText())
        .isEqualTo(GITHUB_SHA);
    assertThat(statement.at("/predicate/runDetails/builder/id").asText())
        .isEqualTo("https://github.com/actions/runner/github-hosted");
    assertThat(statement.at("/predicate/runDetails/metadata/invocationId").asText())
        .isEqualTo("https://github.com/octo-org/octo-app/actions/runs/1658821493/attempts/1");
    assertThat(statement.at("/predicate/runDetails/metadata/startedOn").asText())
        .isEqualTo("2024-06-12T09:30:00Z");
    assertThat(statement.at("/predicate/runDetails/metadata/finishedOn").asText())
        .isEqualTo("2024-06-12T09:41:27Z");
    assertThat(result.out().lines().toList())
        .containsExactly(
            "--label security.ox.image.ci.repo.id=octo-org/octo-app",
            "--label security.ox.image.ci.job.id=1658821493",
            "--label security.ox.image.ci.source=github",
            "--label org.opencontainers.image.source=https://github.com/octo-org/octo-app",
            "--label org.opencontainers.image.revision=" + GITHUB_SHA);
    assertThat(result.err()).contains("wrote SLSA v1 provenance (github, 2 subjects) to " + out);
  }

  @Test
  void generateInGitLabWritesTheStatementToStandardOutputAndTheLabelsToStandardError()
      throws Exception {
    Path tarball = Files.writeString(dir.resolve("api.tar.gz"), "tarball");

    CliResult result =
        CliResult.runWithEnvironment(
            gitLab(), "provenance", "generate", "--subject", tarball.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode statement = MAPPER.readTree(result.out());
    assertThat(statement.at("/predicate/buildDefinition/buildType").asText())
        .isEqualTo("https://gitlab.com/gitlab-org/gitlab-runner/-/blob/v17.0.0/PROVENANCE.md");
    assertThat(statement.at("/predicate/buildDefinition/externalParameters/source").asText())
        .isEqualTo("https://gitlab.com/acme/platform/api");
    assertThat(statement.at("/predicate/buildDefinition/externalParameters/entryPoint").asText())
        .isEqualTo("build-image");
    assertThat(statement.at("/predicate/buildDefinition/internalParameters/job").asText())
        .isEqualTo("7046507302");
    assertThat(statement.at("/predicate/runDetails/builder/id").asText())
        .isEqualTo("https://gitlab.com/acme/platform/api/-/runners/12270807");
    assertThat(statement.at("/predicate/runDetails/metadata/startedOn").asText())
        .isEqualTo("2024-06-12T09:30:05Z");
    assertThat(statement.at("/predicate/runDetails/metadata/finishedOn").isTextual()).isTrue();
    assertThat(result.err()).contains("--label security.ox.image.ci.source=gitlab");
  }

  @Test
  void genericFlagsDescribeABuildOutsideAKnownCi() throws Exception {
    Path file = Files.writeString(dir.resolve("tool"), "binary");

    CliResult result =
        CliResult.runWithEnvironment(
            Map.of(),
            "provenance",
            "generate",
            "--subject",
            file.toString(),
            "--builder-id",
            "https://jenkins.example.com/agents/linux",
            "--source-repository",
            "https://git.example.com/tools/tool",
            "--source-revision",
            GITHUB_SHA,
            "--source-ref",
            "refs/heads/main");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode statement = MAPPER.readTree(result.out());
    assertThat(statement.at("/predicate/buildDefinition/buildType").asText())
        .isEqualTo("https://provenant.dev/buildtypes/generic/v1");
    assertThat(statement.at("/predicate/buildDefinition/resolvedDependencies/0/uri").asText())
        .isEqualTo("git+https://git.example.com/tools/tool@refs/heads/main");
    assertThat(statement.at("/predicate/runDetails/builder/id").asText())
        .isEqualTo("https://jenkins.example.com/agents/linux");
  }

  @Test
  void noCiAndNoFlagsIsExitTwoNamingTheVariablesAndFlags() throws Exception {
    Path file = Files.writeString(dir.resolve("a"), "a");

    CliResult result =
        CliResult.runWithEnvironment(
            Map.of("HOME", "/root"), "provenance", "generate", "--subject", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("provenant: error: no CI environment found and no build flags given")
        .contains("GITHUB_REPOSITORY", "CI_PROJECT_ID", "--builder-id", "--source-revision");
  }

  @Test
  void incompleteCiIsExitTwoNamingWhatIsMissing() throws Exception {
    Map<String, String> env = gitHub();
    env.remove("GITHUB_RUN_ATTEMPT");

    CliResult result = CliResult.runWithEnvironment(env, "ci", "labels");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo("provenant: error: GitHub Actions environment is missing GITHUB_RUN_ATTEMPT\n");
  }

  @Test
  void subjectFileThatDoesNotExistIsExitTwo() {
    String missing = dir.resolve("missing.jar").toString();

    CliResult result =
        CliResult.runWithEnvironment(gitHub(), "provenance", "generate", "--subject", missing);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "provenant: error: subject '"
                + missing
                + "': no such file (an image subject is written NAME@sha256:<digest>)\n");
  }

  @Test
  void imageReferenceWithoutDigestIsExitTwoSayingTagsAreNotResolved() {
    CliResult result =
        CliResult.runWithEnvironment(
            gitHub(),
            "provenance",
            "generate",
            "--subject",
            "ghcr.io/octo-org/octo-app:1.2.0",
            "--output",
            dir.resolve("p.json").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "provenant: error: subject 'ghcr.io/octo-org/octo-app:1.2.0' is an image reference"
                + " without a digest: pass it as NAME@sha256:<digest> (the digest 'docker push' or"
                + " 'provenant inspect' prints); provenance generate does not resolve tags\n");
    assertThat(dir.resolve("p.json")).doesNotExist();
  }

  @Test
  void ciLabelsPrintsDockerArgsForGitHubAndGitLab() {
    assertThat(CliResult.runWithEnvironment(gitHub(), "ci", "labels").out())
        .isEqualTo(
            """
            --label security.ox.image.ci.repo.id=octo-org/octo-app
            --label security.ox.image.ci.job.id=1658821493
            --label security.ox.image.ci.source=github
            --label org.opencontainers.image.source=https://github.com/octo-org/octo-app
            --label org.opencontainers.image.revision=%s
            """
                .formatted(GITHUB_SHA));
    assertThat(CliResult.runWithEnvironment(gitLab(), "ci", "labels").out())
        .isEqualTo(
            """
            --label security.ox.image.ci.repo.id=48291375
            --label security.ox.image.ci.job.id=7046507302
            --label security.ox.image.ci.source=gitlab
            --label org.opencontainers.image.source=https://gitlab.com/acme/platform/api
            --label org.opencontainers.image.revision=%s
            """
                .formatted(GITLAB_SHA));
  }

  @Test
  void ciLabelsAsEnvAndJson() throws Exception {
    CliResult env = CliResult.runWithEnvironment(gitLab(), "ci", "labels", "--format", "env");
    assertThat(env.out().lines())
        .startsWith("security.ox.image.ci.repo.id=48291375")
        .contains("org.opencontainers.image.revision=" + GITLAB_SHA);

    CliResult json = CliResult.runWithEnvironment(gitHub(), "ci", "labels", "--output", "json");
    assertThat(json.exitCode()).isZero();
    JsonNode root = MAPPER.readTree(json.out());
    assertThat(root.path("ci").asText()).isEqualTo("github");
    assertThat(root.at("/labels/security.ox.image.ci.job.id").asText()).isEqualTo("1658821493");
    assertThat(CliResult.runWithEnvironment(gitHub(), "ci", "labels", "--format", "json").out())
        .isEqualTo(json.out());
  }

  @Test
  void ciLabelsErrorIsJsonWithOutputJson() throws Exception {
    CliResult result = CliResult.runWithEnvironment(Map.of(), "ci", "labels", "--output", "json");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(MAPPER.readTree(result.out()).at("/error/kind").asText()).isEqualTo("invalid_input");
  }

  @Test
  void badFinishTimeIsExitTwo() throws Exception {
    Path file = Files.writeString(dir.resolve("a"), "a");

    CliResult result =
        CliResult.runWithEnvironment(
            gitHub(),
            "provenance",
            "generate",
            "--subject",
            file.toString(),
            "--finished-on",
            "yesterday");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("--finished-on 'yesterday' is not an RFC 3339 time such as 2025-01-31T12:00:00Z");
  }

  @Test
  void nestedVerbsHaveHelpAndAreUsageErrorsWithoutASubcommand() {
    for (String[] verb : new String[][] {{"provenance", "generate"}, {"ci", "labels"}}) {
      CliResult help = CliResult.run(verb[0], verb[1], "--help");
      assertThat(help.exitCode()).isZero();
      assertThat(help.out()).startsWith("Usage: provenant " + verb[0] + " " + verb[1]);

      CliResult bare = CliResult.run(verb[0]);
      assertThat(bare.exitCode()).isEqualTo(2);
      assertThat(bare.err()).contains("a subcommand is required");
    }
    assertThat(CliResult.run("--help").out()).contains("provenance", "ci");
  }
}
