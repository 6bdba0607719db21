package dev.provenant.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provenance generated from recorded GitHub Actions and GitLab CI environments. */
class ProvenanceGeneratorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2024-06-12T09:41:27.731Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Digest APP = Digest.sha256("app.jar".getBytes(StandardCharsets.UTF_8));
  private static final List<ResourceDescriptor> SUBJECTS =
      List.of(ResourceDescriptor.subject("app.jar", APP));

  @Test
  void gitHubActionsRunFillsEveryFieldAsGitHubsWorkflowBuildTypeDoes() throws Exception {
    CiEnvironment ci = CiEnvironment.detect(CiFixtures.gitHubActions()).orElseThrow();

    JsonNode statement = generate(ci);

    assertThat(statement.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
    assertThat(statement.path("predicateType").asText())
        .isEqualTo("https://slsa.dev/provenance/v1");
    assertThat(statement.at("/subject/0/name").asText()).isEqualTo("app.jar");
    assertThat(statement.at("/subject/0/digest/sha256").asText()).isEqualTo(APP.hex());
    JsonNode definition = statement.at("/predicate/buildDefinition");
    assertThat(definition.path("buildType").asText())
        .isEqualTo("https://actions.github.io/buildtypes/workflow/v1");
    assertThat(definition.at("/externalParameters/workflow"))
        .isEqualTo(
            MAPPER.readTree(
                """
                {"ref": "refs/heads/main",
                 "repository": "https://github.com/octo-org/octo-app",
                 "path": ".github/workflows/build.yml"}
                """));
    assertThat(definition.at("/internalParameters/github"))
        .isEqualTo(
            MAPPER.readTree(
                """
                {"event_name": "push", "repository_id": "123456789",
                 "repository_owner_id": "9919", "runner_environment": "github-hosted"}
                """));
    assertThat(definition.at("/resolvedDependencies/0/uri").asText())
        .isEqualTo("git+https://github.com/octo-org/octo-app@refs/heads/main");
    assertThat(definition.at("/resolvedDependencies/0/digest/gitCommit").asText())
        .isEqualTo(CiFixtures.GITHUB_SHA);
    JsonNode run = statement.at("/predicate/runDetails");
    assertThat(run.at("/builder/id").asText())
        .isEqualTo("https://github.com/actions/runner/github-hosted");
    assertThat(run.at("/metadata/invocationId").asText())
        .isEqualTo("https://github.com/octo-org/octo-app/actions/runs/1658821493/attempts/2");
    assertThat(run.at("/metadata/startedOn").asText()).isEqualTo("2024-06-12T09:41:27Z");
    assertThat(run.at("/metadata/finishedOn").asText()).isEqualTo("2024-06-12T09:41:27Z");
  }

  @Test
  void selfHostedOrUnknownRunnerIsNeverClaimedAsGitHubHosted() throws Exception {
    Map<String, String> env = CiFixtures.gitHubActions();
    env.put("RUNNER_ENVIRONMENT", "self-hosted");
    assertThat(GitHubActions.from(env).builder().id())
        .isEqualTo("https://github.com/actions/runner/self-hosted");
    env.remove("RUNNER_ENVIRONMENT");
    assertThat(GitHubActions.from(env).builder().id())
        .isEqualTo("https://github.com/actions/runner/self-hosted");
  }

  @Test
  void gitLabJobFillsEveryFieldAsGitLabRunnerDoes() throws Exception {
    CiEnvironment ci = CiEnvironment.detect(CiFixtures.gitLabCi()).orElseThrow();

    JsonNode statement = generate(ci);

    JsonNode definition = statement.at("/predicate/buildDefinition");
    assertThat(definition.path("buildType").asText())
        .isEqualTo("https://gitlab.com/gitlab-org/gitlab-runner/-/blob/v17.0.0/PROVENANCE.md");
    assertThat(definition.path("externalParameters"))
        .isEqualTo(
            MAPPER.readTree(
                """
                {"source": "https://gitlab.com/acme/platform/api",
                 "entryPoint": "build-image",
                 "variables": {"CI_COMMIT_REF_NAME": "main", "CI_CONFIG_PATH": ".gitlab-ci.yml",
                               "CI_PIPELINE_SOURCE": "push"}}
                """));
    assertThat(definition.path("internalParameters"))
        .isEqualTo(
            MAPPER.readTree(
                """
                {"name": "3-blue.saas-linux-small-amd64.runners-manager.gitlab.com/default",
                 "architecture": "linux/amd64", "job": "7046507302", "pipeline": "1328843371"}
                """));
    assertThat(definition.at("/resolvedDependencies/0/uri").asText())
        .isEqualTo("https://gitlab.com/acme/platform/api");
    assertThat(definition.at("/resolvedDependencies/0/digest/gitCommit").asText())
        .isEqualTo(CiFixtures.GITLAB_SHA);
    JsonNode run = statement.at("/predicate/runDetails");
    assertThat(run.at("/builder/id").asText())
        .isEqualTo("https://gitlab.com/acme/platform/api/-/runners/12270807");
    assertThat(run.at("/builder/version/gitlab-runner").asText()).isEqualTo("44feccdf");
    assertThat(run.at("/metadata/invocationId").asText())
        .isEqualTo("https://gitlab.com/acme/platform/api/-/jobs/7046507302");
    assertThat(run.at("/metadata/startedOn").asText()).isEqualTo("2024-06-12T09:30:05Z");
    assertThat(run.at("/metadata/finishedOn").asText()).isEqualTo("2024-06-12T09:41:27Z");
  }

  @Test
  void everyGeneratedStatementSatisfiesTheSlsaV1Schema() throws Exception {
    List<CiEnvironment> environments =
        List.of(
            CiEnvironment.detect(CiFixtures.gitHubActions()).orElseThrow(),
            CiEnvironment.detect(CiFixtures.gitLabCi()).orElseThrow(),
            Generic.of(
                "https://ci.example.com/builders/linux",
                null,
                "https://git.example.com/app",
                CiFixtures.GITHUB_SHA,
                "refs/tags/v1.2.0",
                "Jenkinsfile",
                "https://ci.example.com/job/app/118/"));
    for (CiEnvironment ci : environments) {
      byte[] json =
          new ProvenanceStatementWriter()
              .write(new ProvenanceGenerator(CLOCK).generate(ci, SUBJECTS, null, null));
      assertThat(SlsaProvenanceV1Schema.violations(json)).as(ci.name()).isEmpty();
    }
  }

  @Test
  void schemaHelperCatchesAMissingBuilderIdAndAnUnknownField() throws Exception {
    byte[] broken =
        """
        {"_type": "https://in-toto.io/Statement/v1",
         "subject": [{"name": "a", "digest": {"sha256": "ABC"}}],
         "predicateType": "https://slsa.dev/provenance/v1",
         "predicate": {"buildDefinition": {"buildType": "x", "externalParameters": {}},
                       "runDetails": {"builder": {}, "metadata": {"startedOn": "yesterday"}},
                       "invocation": {}}}
        """
            .getBytes(StandardCharsets.UTF_8);

    assertThat(SlsaProvenanceV1Schema.violations(broken))
        .contains(
            "$.predicate.invocation: not a field of the schema",
            "$.predicate.runDetails.builder.id: required",
            "$.predicate.buildDefinition.buildType: must be an absolute URI",
            "$.subject[0].digest.sha256: must be lower-case hex",
            "$.predicate.runDetails.metadata.startedOn: must be an RFC 3339 timestamp in UTC");
  }

  @Test
  void outputIsTheSameBytesForTheSameInputWithSortedKeys() throws Exception {
    CiEnvironment ci = CiEnvironment.detect(CiFixtures.gitLabCi()).orElseThrow();
    ProvenanceGenerator generator = new ProvenanceGenerator(CLOCK);
    byte[] first =
        new ProvenanceStatementWriter().write(generator.generate(ci, SUBJECTS, null, null));
    byte[] second =
        new ProvenanceStatementWriter().write(generator.generate(ci, SUBJECTS, null, null));

    assertThat(first).isEqualTo(second);
    String text = new String(first, StandardCharsets.UTF_8);
    assertThat(text.indexOf("\"_type\"")).isLessThan(text.indexOf("\"predicate\""));
    assertThat(text.indexOf("\"predicate\"")).isLessThan(text.indexOf("\"predicateType\""));
    assertThat(text.indexOf("\"buildDefinition\"")).isLessThan(text.indexOf("\"runDetails\""));
  }

  @Test
  void explicitTimesWinOverTheCiAndTheClock() throws Exception {
    CiEnvironment ci = CiEnvironment.detect(CiFixtures.gitLabCi()).orElseThrow();
    Instant start = Instant.parse("2024-06-12T09:00:00Z");
    Instant end = Instant.parse("2024-06-12T09:10:00Z");

    BuildMetadata metadata =
        new ProvenanceGenerator(CLOCK)
            .generate(ci, SUBJECTS, start, end)
            .provenance()
            .runDetails()
            .metadata();

    assertThat(metadata.startedOn()).isEqualTo(start);
    assertThat(metadata.finishedOn()).isEqualTo(end);
  }

  @Test
  void missingGitHubVariablesAreNamed() {
    Map<String, String> env = CiFixtures.gitHubActions();
    env.remove("GITHUB_SHA");
    env.remove("GITHUB_WORKFLOW_REF");

    assertThatThrownBy(() -> CiEnvironment.detect(env))
        .isInstanceOf(CiEnvironmentException.class)
        .hasMessage("GitHub Actions environment is missing GITHUB_SHA, GITHUB_WORKFLOW_REF")
        .satisfies(
            e ->
                assertThat(((CiEnvironmentException) e).missing())
                    .containsExactly("GITHUB_SHA", "GITHUB_WORKFLOW_REF"));
  }

  @Test
  void missingGitLabVariablesAreNamed() {
    Map<String, String> env = CiFixtures.gitLabCi();
    env.remove("CI_RUNNER_ID");

    assertThatThrownBy(() -> CiEnvironment.detect(env))
        .hasMessage("GitLab CI environment is missing CI_RUNNER_ID");
  }

  @Test
  void noCiIsNoEnvironmentAndGenericNeedsBuilderAndSource() throws Exception {
    assertThat(CiEnvironment.detect(Map.of("HOME", "/home/dev", "PATH", "/usr/bin"))).isEmpty();
    assertThatThrownBy(
            () -> Generic.of(null, null, "https://git.example.com/app", null, null, null, null))
        .hasMessage(
            "a build outside GitHub Actions and GitLab CI needs --builder-id, --source-revision");
  }

  @Test
  void labelsLinkTheImageToTheRunForBothCis() throws Exception {
    assertThat(CiEnvironment.detect(CiFixtures.gitHubActions()).orElseThrow().imageLabels())
        .containsExactly(
            Map.entry("security.ox.image.ci.repo.id", "octo-org/octo-app"),
            Map.entry("security.ox.image.ci.job.id", "1658821493"),
            Map.entry("security.ox.image.ci.source", "github"),
            Map.entry("org.opencontainers.image.source", "https://github.com/octo-org/octo-app"),
            Map.entry("org.opencontainers.image.revision", CiFixtures.GITHUB_SHA));
    assertThat(CiEnvironment.detect(CiFixtures.gitLabCi()).orElseThrow().imageLabels())
        .containsExactly(
            Map.entry("security.ox.image.ci.repo.id", "48291375"),
            Map.entry("security.ox.image.ci.job.id", "7046507302"),
            Map.entry("security.ox.image.ci.source", "gitlab"),
            Map.entry("org.opencontainers.image.source", "https://gitlab.com/acme/platform/api"),
            Map.entry("org.opencontainers.image.revision", CiFixtures.GITLAB_SHA));
  }

  private static JsonNode generate(CiEnvironment ci) throws Exception {
    ProvenanceStatement statement =
        new ProvenanceGenerator(CLOCK).generate(ci, SUBJECTS, null, null);
    return MAPPER.readTree(new ProvenanceStatementWriter().write(statement));
  }
}
