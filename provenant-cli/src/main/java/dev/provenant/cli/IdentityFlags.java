package dev.provenant.cli;

import dev.provenant.sigstore.CertificatePolicy;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Who a keyless signature must come from, with cosign's flag names: the certificate's identity and
 * OIDC issuer (exact or regular expression), and the Fulcio extensions a GitHub Actions certificate
 * carries. A picocli mixin shared by {@code verify} and {@code verify-blob}.
 */
final class IdentityFlags {
  @ArgGroup(exclusive = true)
  IdentityOption identity;

  @ArgGroup(exclusive = true)
  IssuerOption issuer;

  @Option(
      names = "--certificate-github-workflow-repository",
      paramLabel = "OWNER/REPO",
      description = "Require this GitHub repository (Fulcio extension .5, or .12).")
  String workflowRepository;

  @Option(
      names = "--certificate-github-workflow-ref",
      paramLabel = "REF",
      description = "Require this git ref, e.g. refs/heads/main (extension .6, or .14).")
  String workflowRef;

  @Option(
      names = "--certificate-github-workflow-name",
      paramLabel = "NAME",
      description = "Require this workflow name (extension .4).")
  String workflowName;

  @Option(
      names = "--certificate-github-workflow-trigger",
      paramLabel = "EVENT",
      description = "Require this triggering event, e.g. push (extension .2, or .20).")
  String workflowTrigger;

  @Option(
      names = "--certificate-github-workflow-sha",
      paramLabel = "SHA",
      description = "Require this commit (extension .3, or .13).")
  String workflowSha;

  @Option(
      names = "--certificate-runner-environment",
      paramLabel = "ENV",
      description = "Require github-hosted or self-hosted runners (extension .11).")
  String runnerEnvironment;

  /**
   * Whether any certificate flag was given: identity, issuer or an extension constraint. They
   * exclude {@code --key}: a key signature has no certificate, so a constraint given with a key
   * would be silently meaningless.
   */
  boolean given() {
    return identity != null
        || issuer != null
        || workflowRepository != null
        || workflowRef != null
        || workflowName != null
        || workflowTrigger != null
        || workflowSha != null
        || runnerEnvironment != null;
  }

  /**
   * The certificate constraints given.
   *
   * @throws ParameterException when identity or issuer is missing, or a regular expression is
   *     invalid
   */
  CertificatePolicy policy(CommandSpec spec) {
    if (identity == null || issuer == null) {
      throw new ParameterException(
          spec.commandLine(),
          "give --key KEY for a managed-key bundle, or both --certificate-identity[-regexp] and"
              + " --certificate-oidc-issuer[-regexp] for a keyless one");
    }
    requireNotBlank(spec, identity.exact != null ? identity.exact : identity.regexp, "identity");
    requireNotBlank(spec, issuer.exact != null ? issuer.exact : issuer.regexp, "OIDC issuer");
    try {
      return CertificatePolicy.builder()
          .identity(
              identity.exact != null
                  ? CertificatePolicy.Matcher.exact(identity.exact)
                  : CertificatePolicy.Matcher.regex(identity.regexp))
          .issuer(
              issuer.exact != null
                  ? CertificatePolicy.Matcher.exact(issuer.exact)
                  : CertificatePolicy.Matcher.regex(issuer.regexp))
          .githubWorkflowRepository(workflowRepository)
          .githubWorkflowRef(workflowRef)
          .githubWorkflowName(workflowName)
          .githubWorkflowTrigger(workflowTrigger)
          .githubWorkflowSha(workflowSha)
          .runnerEnvironment(runnerEnvironment)
          .build();
    } catch (PatternSyntaxException e) {
      throw new ParameterException(
          spec.commandLine(), "invalid regular expression: " + e.getMessage());
    }
  }

  /**
   * An empty value (an unset shell variable, {@code --certificate-identity-regexp=}) would match
   * every signer; cosign refuses it too.
   */
  private static void requireNotBlank(CommandSpec spec, String value, String what) {
    if (value == null || value.isBlank()) {
      throw new ParameterException(
          spec.commandLine(),
          "the certificate " + what + " to require is empty: it would accept any signer");
    }
  }

  static final class IdentityOption {
    @Option(
        names = "--certificate-identity",
        paramLabel = "IDENTITY",
        description = "The exact certificate identity (SAN): an email or URI.")
    String exact;

    @Option(
        names = "--certificate-identity-regexp",
        paramLabel = "REGEX",
        description = "A regular expression the identity must contain a match of (anchor with ^$).")
    String regexp;
  }

  static final class IssuerOption {
    @Option(
        names = "--certificate-oidc-issuer",
        paramLabel = "URL",
        description = "The exact OIDC issuer, e.g. https://token.actions.githubusercontent.com.")
    String exact;

    @Option(
        names = "--certificate-oidc-issuer-regexp",
        paramLabel = "REGEX",
        description = "A regular expression the OIDC issuer must contain a match of.")
    String regexp;
  }
}
