package dev.provenant.sigstore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who must have signed: the certificate identity and OIDC issuer (each exact or a regular
 * expression), and optional constraints on the build that signed, read from Fulcio extensions.
 *
 * <p>Regular expressions match anywhere in the value, as cosign's Go {@code regexp.MatchString}
 * does: anchor them with {@code ^…$} to pin the whole value.
 */
public final class CertificatePolicy {

  /** An exact value or a regular expression. */
  public record Matcher(String exact, Pattern regex) {
    public Matcher {
      if ((exact == null) == (regex == null)) {
        throw new IllegalArgumentException("give exactly one of an exact value and a regex");
      }
    }

    public static Matcher exact(String value) {
      return new Matcher(Objects.requireNonNull(value, "value"), null);
    }

    public static Matcher regex(String regex) {
      return new Matcher(null, Pattern.compile(regex));
    }

    public boolean matches(String value) {
      return value != null && (exact != null ? exact.equals(value) : regex.matcher(value).find());
    }

    @Override
    public String toString() {
      return exact != null ? "'" + exact + "'" : "/" + regex.pattern() + "/";
    }
  }

  /**
   * A constraint on a Fulcio extension: the check name, the expected value, and the extensions it
   * is read from, in order of preference (the deprecated GitHub-specific ones first, as cosign
   * does, then their provider-neutral successors).
   */
  public record ExtensionConstraint(String check, String expected, List<FulcioExtension> sources) {
    public ExtensionConstraint {
      sources = List.copyOf(sources);
    }

    /** The value the certificate holds for this constraint, if any. */
    public Optional<String> actual(Map<String, String> extensions) {
      for (FulcioExtension source : sources) {
        String value = extensions.get(source.key());
        if (value != null) {
          if (source == FulcioExtension.SOURCE_REPOSITORY_URI) {
            value = value.replaceFirst("^https://github\\.com/", "");
          }
          return Optional.of(value);
        }
      }
      return Optional.empty();
    }
  }

  private final Matcher identity;
  private final Matcher issuer;
  private final List<ExtensionConstraint> constraints;

  private CertificatePolicy(Builder builder) {
    this.identity = Objects.requireNonNull(builder.identity, "a certificate identity is required");
    this.issuer = Objects.requireNonNull(builder.issuer, "a certificate OIDC issuer is required");
    this.constraints = List.copyOf(builder.constraints);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Matcher identity() {
    return identity;
  }

  public Matcher issuer() {
    return issuer;
  }

  public List<ExtensionConstraint> constraints() {
    return constraints;
  }

  /** Builds a {@link CertificatePolicy}; identity and issuer are required. */
  public static final class Builder {
    private Matcher identity;
    private Matcher issuer;
    private final List<ExtensionConstraint> constraints = new ArrayList<>();

    private Builder() {}

    public Builder identity(Matcher identity) {
      this.identity = identity;
      return this;
    }

    public Builder issuer(Matcher issuer) {
      this.issuer = issuer;
      return this;
    }

    /** {@code --certificate-github-workflow-repository}: {@code owner/repo}. */
    public Builder githubWorkflowRepository(String expected) {
      return add(
          "github-workflow-repository",
          expected,
          FulcioExtension.GITHUB_WORKFLOW_REPOSITORY,
          FulcioExtension.SOURCE_REPOSITORY_URI);
    }

    /** {@code --certificate-github-workflow-ref}: {@code refs/heads/main}. */
    public Builder githubWorkflowRef(String expected) {
      return add(
          "github-workflow-ref",
          expected,
          FulcioExtension.GITHUB_WORKFLOW_REF,
          FulcioExtension.SOURCE_REPOSITORY_REF);
    }

    /** {@code --certificate-github-workflow-name}: the workflow's {@code name:}. */
    public Builder githubWorkflowName(String expected) {
      return add("github-workflow-name", expected, FulcioExtension.GITHUB_WORKFLOW_NAME);
    }

    /** {@code --certificate-github-workflow-trigger}: {@code push}, {@code release}… */
    public Builder githubWorkflowTrigger(String expected) {
      return add(
          "github-workflow-trigger",
          expected,
          FulcioExtension.GITHUB_WORKFLOW_TRIGGER,
          FulcioExtension.BUILD_TRIGGER);
    }

    /** {@code --certificate-github-workflow-sha}: the commit. */
    public Builder githubWorkflowSha(String expected) {
      return add(
          "github-workflow-sha",
          expected,
          FulcioExtension.GITHUB_WORKFLOW_SHA,
          FulcioExtension.SOURCE_REPOSITORY_DIGEST);
    }

    /** {@code --certificate-runner-environment}: {@code github-hosted} or {@code self-hosted}. */
    public Builder runnerEnvironment(String expected) {
      return add("runner-environment", expected, FulcioExtension.RUNNER_ENVIRONMENT);
    }

    private Builder add(String check, String expected, FulcioExtension... sources) {
      if (expected != null) {
        constraints.add(new ExtensionConstraint(check, expected, List.of(sources)));
      }
      return this;
    }

    public CertificatePolicy build() {
      return new CertificatePolicy(this);
    }
  }
}
