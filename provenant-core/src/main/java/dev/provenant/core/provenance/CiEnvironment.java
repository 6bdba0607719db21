package dev.provenant.core.provenance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * The CI system a build runs in, read from its environment variables: what it says about the build
 * (builder, build type, parameters, source commit, run id) in SLSA provenance terms, and the image
 * labels that tie an image to the run.
 *
 * <p>Each CI maps its variables following the conventions of that platform's own SLSA generator, so
 * that provenance from Provenant and from the platform read the same to a verifier.
 */
public sealed interface CiEnvironment permits GitHubActions, GitLabCi, Generic {

  /** The label OX Security's artifact-integrity check reads for the repository id. */
  String LABEL_REPO_ID = "security.ox.image.ci.repo.id";

  /** The label OX Security's artifact-integrity check reads for the CI job id. */
  String LABEL_JOB_ID = "security.ox.image.ci.job.id";

  /** The label OX Security's artifact-integrity check reads for the CI system. */
  String LABEL_SOURCE = "security.ox.image.ci.source";

  /** The OCI annotation (and Docker label) for the source repository URL. */
  String LABEL_OCI_SOURCE = "org.opencontainers.image.source";

  /** The OCI annotation (and Docker label) for the source revision. */
  String LABEL_OCI_REVISION = "org.opencontainers.image.revision";

  /**
   * The CI that {@code environment} belongs to, or empty when it has no CI's marker variables.
   *
   * @throws CiEnvironmentException when a CI is recognised but variables provenance needs are
   *     missing or malformed, naming each
   */
  static Optional<CiEnvironment> detect(Map<String, String> environment)
      throws CiEnvironmentException {
    if (GitHubActions.isPresent(environment)) {
      return Optional.of(GitHubActions.from(environment));
    }
    if (GitLabCi.isPresent(environment)) {
      return Optional.of(GitLabCi.from(environment));
    }
    return Optional.empty();
  }

  /** A short lower-case name: {@code github}, {@code gitlab}, {@code generic}. */
  String name();

  /** The build platform, by the URI its SLSA generator uses. */
  Builder builder();

  /** The build type, parameters and resolved source commit. */
  BuildDefinition buildDefinition();

  /** A URI or id naming this run (and attempt), unique on the platform. */
  String invocationId();

  /** When the CI says the job started, if it says. */
  Optional<Instant> startedOn();

  /** The labels that link an image to this run, in the order to print them. */
  SequencedMap<String, String> imageLabels();

  /** Collects the names of required variables that are unset or empty. */
  static List<String> missing(Map<String, String> environment, String... names) {
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      String value = environment.get(name);
      if (value == null || value.isBlank()) {
        missing.add(name);
      }
    }
    return missing;
  }

  /** Whether {@code revision} is a full Git commit id: 40 (SHA-1) or 64 (SHA-256) hex digits. */
  static boolean isCommitId(String revision) {
    return revision != null
        && (revision.length() == 40 || revision.length() == 64)
        && revision.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }
}
