package dev.provenant.policy;

/**
 * Where an image must have been built (Minder's provenance checks, plus SLSA): each field, when
 * set, must be shown by an accepted signature's Fulcio certificate or an accepted SLSA provenance
 * attestation, and contradicted by none of them. Null fields are not checked.
 *
 * @param repository the source repository, {@code owner/name} or a full URL
 * @param ref the git ref that was built, {@code refs/heads/main}
 * @param workflow the workflow file that signed, {@code .github/workflows/release.yml}
 * @param issuer the OIDC issuer of the signing certificate
 * @param runnerEnvironment {@code github-hosted} or {@code self-hosted}
 * @param builderId the SLSA provenance {@code runDetails.builder.id}
 * @param sourceCommit the source commit (hex) among the provenance's resolved dependencies or the
 *     certificate's source repository digest
 */
public record ProvenanceRequirements(
    String repository,
    String ref,
    String workflow,
    String issuer,
    String runnerEnvironment,
    String builderId,
    String sourceCommit) {

  public static final ProvenanceRequirements NONE =
      new ProvenanceRequirements(null, null, null, null, null, null, null);

  /** Whether nothing is required. */
  public boolean isEmpty() {
    return equals(NONE);
  }
}
