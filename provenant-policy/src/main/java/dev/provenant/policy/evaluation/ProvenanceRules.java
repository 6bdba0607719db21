package dev.provenant.policy.evaluation;

import dev.provenant.policy.ProvenanceRequirements;
import dev.provenant.policy.decision.RuleResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * The {@code provenance.*} rules: each required field must be stated by some accepted evidence
 * (certificate or SLSA provenance) and contradicted by none. A field nobody states fails: the
 * policy asked for proof, and silence is not proof.
 */
final class ProvenanceRules {
  private ProvenanceRules() {}

  static List<RuleResult> check(ProvenanceRequirements required, ProvenanceObservations found) {
    List<RuleResult> rules = new ArrayList<>();
    field(
        rules,
        "repository",
        required.repository(),
        found.repository,
        ProvenanceRules::sameRepository,
        found);
    field(rules, "ref", required.ref(), found.ref, Objects::equals, found);
    field(
        rules,
        "workflow",
        required.workflow(),
        found.workflow,
        ProvenanceRules::sameWorkflow,
        found);
    field(rules, "issuer", required.issuer(), found.issuer, Objects::equals, found);
    field(
        rules,
        "runnerEnvironment",
        required.runnerEnvironment(),
        found.runnerEnvironment,
        Objects::equals,
        found);
    field(rules, "builderId", required.builderId(), found.builderId, Objects::equals, found);
    field(
        rules,
        "sourceCommit",
        required.sourceCommit(),
        found.sourceCommit,
        PolicyEvaluator.SAME_HEX,
        found);
    return rules;
  }

  private static void field(
      List<RuleResult> rules,
      String name,
      String expected,
      List<Observation> observed,
      BiPredicate<String, String> same,
      ProvenanceObservations all) {
    if (expected == null) {
      return;
    }
    String rule = "provenance." + name;
    List<String> evidence = observed.stream().map(Observation::toString).toList();
    if (observed.isEmpty()) {
      String unreadable =
          all.unreadable.isEmpty()
              ? ""
              : "; unreadable provenance: " + String.join("; ", all.unreadable);
      rules.add(
          RuleResult.fail(
              rule,
              expected,
              "no accepted signature certificate or SLSA provenance attestation states it"
                  + unreadable,
              List.of(),
              "sign keyless from CI, or attach SLSA provenance signed by an authority"
                  + " (provenant attest --type slsaprovenance)"));
      return;
    }
    List<Observation> contradicting =
        observed.stream().filter(o -> !same.test(expected, o.value())).toList();
    if (contradicting.isEmpty()) {
      rules.add(RuleResult.pass(rule, expected, observed.getFirst().value(), evidence));
    } else {
      rules.add(
          RuleResult.fail(
              rule,
              expected,
              contradicting.stream()
                  .map(Observation::toString)
                  .reduce((a, b) -> a + "; " + b)
                  .get(),
              evidence,
              "build and sign the image from " + expected));
    }
  }

  /**
   * {@code acme/widget} means {@code https://github.com/acme/widget} (GitHub's shorthand, as in
   * Fulcio's {@code githubWorkflowRepository}); repositories on other forges are written as URLs
   * ({@code https://gitlab.com/group/project}), so that {@code acme/widget} on another host never
   * passes for the GitHub one. {@code git+} prefixes, {@code .git} suffixes and {@code @ref} tails
   * of SLSA resource URIs are ignored; host names compare case-insensitively.
   */
  static boolean sameRepository(String expected, String found) {
    String want = normalize(expected);
    String have = normalize(found);
    boolean wantHasHost = expected.contains("://") || want.split("/")[0].contains(".");
    boolean haveHasHost = found.contains("://") || have.split("/")[0].contains(".");
    if (!wantHasHost) {
      want = "github.com/" + want;
    }
    if (!haveHasHost) {
      have = "github.com/" + have; // githubWorkflowRepository is owner/name on github.com
    }
    return want.equalsIgnoreCase(have);
  }

  private static String normalize(String repository) {
    String text = repository.trim();
    text = text.replaceFirst("^git\\+", "").replaceFirst("^[a-z]+://", "");
    // scp-like SSH form, git@github.com:acme/widget.git: the host and path, without the user.
    text = text.replaceFirst("^[^@/:]+@([^/:]+):", "$1/");
    // user@host/path (credentials in a URL): the user is not part of the repository.
    int slash = text.indexOf('/');
    int user = text.indexOf('@');
    if (user >= 0 && slash > user) {
      text = text.substring(user + 1);
    }
    // host/path@ref (SLSA resource URIs): the ref is not part of the repository.
    int at = text.indexOf('@');
    if (at > 0) {
      text = text.substring(0, at);
    }
    text = text.replaceFirst("\\.git$", "").replaceFirst("/+$", "");
    return text;
  }

  static boolean sameWorkflow(String expected, String found) {
    return strip(expected).equals(strip(found));
  }

  private static String strip(String path) {
    return path.replaceFirst("^\\./", "").replaceFirst("^/", "");
  }
}
