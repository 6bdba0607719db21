package dev.provenant.sigstore;

import java.util.Arrays;
import java.util.Optional;

/**
 * The X.509 extensions Fulcio writes into a signing certificate (OIDs {@code
 * 1.3.6.1.4.1.57264.1.*}), with the stable names Provenant reports them under in {@code
 * Signer.extensions}. The deprecated {@code .1}–{@code .6} hold the raw string bytes; {@code .8}
 * and later hold a DER UTF8String.
 *
 * @see <a href="https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md">Fulcio OID
 *     information</a>
 */
public enum FulcioExtension {
  ISSUER_V1(1, "issuerV1"),
  GITHUB_WORKFLOW_TRIGGER(2, "githubWorkflowTrigger"),
  GITHUB_WORKFLOW_SHA(3, "githubWorkflowSha"),
  GITHUB_WORKFLOW_NAME(4, "githubWorkflowName"),
  GITHUB_WORKFLOW_REPOSITORY(5, "githubWorkflowRepository"),
  GITHUB_WORKFLOW_REF(6, "githubWorkflowRef"),
  ISSUER(8, "issuer"),
  BUILD_SIGNER_URI(9, "buildSignerURI"),
  BUILD_SIGNER_DIGEST(10, "buildSignerDigest"),
  RUNNER_ENVIRONMENT(11, "runnerEnvironment"),
  SOURCE_REPOSITORY_URI(12, "sourceRepositoryURI"),
  SOURCE_REPOSITORY_DIGEST(13, "sourceRepositoryDigest"),
  SOURCE_REPOSITORY_REF(14, "sourceRepositoryRef"),
  SOURCE_REPOSITORY_IDENTIFIER(15, "sourceRepositoryIdentifier"),
  SOURCE_REPOSITORY_OWNER_URI(16, "sourceRepositoryOwnerURI"),
  SOURCE_REPOSITORY_OWNER_IDENTIFIER(17, "sourceRepositoryOwnerIdentifier"),
  BUILD_CONFIG_URI(18, "buildConfigURI"),
  BUILD_CONFIG_DIGEST(19, "buildConfigDigest"),
  BUILD_TRIGGER(20, "buildTrigger"),
  RUN_INVOCATION_URI(21, "runInvocationURI"),
  SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING(22, "sourceRepositoryVisibilityAtSigning");

  private static final String ARC = "1.3.6.1.4.1.57264.1.";

  private final int number;
  private final String key;

  FulcioExtension(int number, String key) {
    this.number = number;
    this.key = key;
  }

  /** The dotted OID. */
  public String oid() {
    return ARC + number;
  }

  /** The name in {@code Signer.extensions} and JSON output. */
  public String key() {
    return key;
  }

  /** Whether the value is DER-encoded (a UTF8String) rather than raw bytes. */
  boolean derEncoded() {
    return number >= 8;
  }

  public static Optional<FulcioExtension> byKey(String key) {
    return Arrays.stream(values()).filter(e -> e.key.equals(key)).findFirst();
  }
}
