package dev.provenant.core.provenance;

import java.util.HashMap;
import java.util.Map;

/**
 * Environments recorded from the variables GitHub ("Default environment variables") and GitLab
 * ("Predefined CI/CD variables") document, with realistic values, including variables provenance
 * does not read, as a real job has them.
 */
final class CiFixtures {
  private CiFixtures() {}

  static final String GITHUB_SHA = "ffac537e6cbbf934b08745a378932722df287a53";
  static final String GITLAB_SHA = "1ecfd275763eff1d6b4844ea3168962458c9f27a";

  static Map<String, String> gitHubActions() {
    Map<String, String> env = new HashMap<>();
    env.put("CI", "true");
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_ACTION", "__run_2");
    env.put("GITHUB_ACTOR", "octocat");
    env.put("GITHUB_ACTOR_ID", "583231");
    env.put("GITHUB_API_URL", "https://api.github.com");
    env.put("GITHUB_EVENT_NAME", "push");
    env.put("GITHUB_EVENT_PATH", "/home/runner/work/_temp/_github_workflow/event.json");
    env.put("GITHUB_JOB", "build");
    env.put("GITHUB_REF", "refs/heads/main");
    env.put("GITHUB_REF_NAME", "main");
    env.put("GITHUB_REF_TYPE", "branch");
    env.put("GITHUB_REPOSITORY", "octo-org/octo-app");
    env.put("GITHUB_REPOSITORY_ID", "123456789");
    env.put("GITHUB_REPOSITORY_OWNER", "octo-org");
    env.put("GITHUB_REPOSITORY_OWNER_ID", "9919");
    env.put("GITHUB_RUN_ATTEMPT", "2");
    env.put("GITHUB_RUN_ID", "1658821493");
    env.put("GITHUB_RUN_NUMBER", "42");
    env.put("GITHUB_SERVER_URL", "https://github.com");
    env.put("GITHUB_SHA", GITHUB_SHA);
    env.put("GITHUB_TOKEN", "ghs_notarealtoken000000000000000000000");
    env.put("GITHUB_WORKFLOW", "Build and publish");
    env.put("GITHUB_WORKFLOW_REF", "octo-org/octo-app/.github/workflows/build.yml@refs/heads/main");
    env.put("GITHUB_WORKFLOW_SHA", GITHUB_SHA);
    env.put("GITHUB_WORKSPACE", "/home/runner/work/octo-app/octo-app");
    env.put("RUNNER_ARCH", "X64");
    env.put("RUNNER_ENVIRONMENT", "github-hosted");
    env.put("RUNNER_NAME", "GitHub Actions 12");
    env.put("RUNNER_OS", "Linux");
    env.put("RUNNER_TEMP", "/home/runner/work/_temp");
    return env;
  }

  static Map<String, String> gitLabCi() {
    Map<String, String> env = new HashMap<>();
    env.put("CI", "true");
    env.put("GITLAB_CI", "true");
    env.put("CI_API_V4_URL", "https://gitlab.com/api/v4");
    env.put("CI_COMMIT_BRANCH", "main");
    env.put("CI_COMMIT_REF_NAME", "main");
    env.put("CI_COMMIT_REF_SLUG", "main");
    env.put("CI_COMMIT_SHA", GITLAB_SHA);
    env.put("CI_COMMIT_SHORT_SHA", "1ecfd275");
    env.put("CI_CONFIG_PATH", ".gitlab-ci.yml");
    env.put("CI_JOB_ID", "7046507302");
    env.put("CI_JOB_NAME", "build-image");
    env.put("CI_JOB_STAGE", "build");
    env.put("CI_JOB_STARTED_AT", "2024-06-12T09:30:05Z");
    env.put("CI_JOB_TOKEN", "glcbt-notarealtoken");
    env.put("CI_JOB_URL", "https://gitlab.com/acme/platform/api/-/jobs/7046507302");
    env.put("CI_PIPELINE_ID", "1328843371");
    env.put("CI_PIPELINE_IID", "318");
    env.put("CI_PIPELINE_SOURCE", "push");
    env.put("CI_PROJECT_ID", "48291375");
    env.put("CI_PROJECT_NAME", "api");
    env.put("CI_PROJECT_NAMESPACE", "acme/platform");
    env.put("CI_PROJECT_PATH", "acme/platform/api");
    env.put("CI_PROJECT_URL", "https://gitlab.com/acme/platform/api");
    env.put("CI_REGISTRY_IMAGE", "registry.gitlab.com/acme/platform/api");
    env.put(
        "CI_RUNNER_DESCRIPTION",
        "3-blue.saas-linux-small-amd64.runners-manager.gitlab.com/default");
    env.put("CI_RUNNER_EXECUTABLE_ARCH", "linux/amd64");
    env.put("CI_RUNNER_ID", "12270807");
    env.put("CI_RUNNER_REVISION", "44feccdf");
    env.put("CI_RUNNER_SHORT_TOKEN", "xS6Vzpvo");
    env.put("CI_RUNNER_TAGS", "[\"gitlab-org\", \"saas-linux-small-amd64\"]");
    env.put("CI_RUNNER_VERSION", "17.0.0");
    env.put("CI_SERVER_HOST", "gitlab.com");
    env.put("CI_SERVER_URL", "https://gitlab.com");
    return env;
  }
}
