package dev.provenant.policy;

import java.util.Map;
import java.util.Objects;

/**
 * A certificate identity whose keyless (Fulcio) signatures a policy accepts: the OIDC issuer and
 * the subject (email or URI SAN), each exact or a regular expression (exactly one of each pair is
 * set), and Fulcio extension values that must match exactly.
 *
 * @param name how decisions name it; defaults to the issuer and subject when the policy gives none
 * @param extensions expected extension values by name: {@code githubWorkflowRepository}, {@code
 *     githubWorkflowRef}, {@code githubWorkflowName}, {@code githubWorkflowTrigger}, {@code
 *     githubWorkflowSha}, {@code runnerEnvironment}
 */
public record KeylessAuthority(
    String name,
    String issuer,
    String issuerRegExp,
    String subject,
    String subjectRegExp,
    Map<String, String> extensions) {

  /** The extension names a policy may constrain. */
  public static final java.util.List<String> EXTENSION_NAMES =
      java.util.List.of(
          "githubWorkflowRepository",
          "githubWorkflowRef",
          "githubWorkflowName",
          "githubWorkflowTrigger",
          "githubWorkflowSha",
          "runnerEnvironment");

  public KeylessAuthority {
    Objects.requireNonNull(name, "name");
    if ((issuer == null) == (issuerRegExp == null)) {
      throw new IllegalArgumentException("give exactly one of issuer and issuerRegExp");
    }
    if ((subject == null) == (subjectRegExp == null)) {
      throw new IllegalArgumentException("give exactly one of subject and subjectRegExp");
    }
    extensions = Map.copyOf(extensions);
  }
}
