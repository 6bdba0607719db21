package dev.provenant.policy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.Signer;
import dev.provenant.policy.Authorities;
import dev.provenant.policy.ImagePolicy;
import dev.provenant.policy.KeylessAuthority;
import dev.provenant.policy.Match;
import dev.provenant.policy.Mode;
import dev.provenant.policy.decision.PolicyResult;
import dev.provenant.policy.decision.RuleResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * k of n counts signers, each once: one signer that two authorities' patterns both accept
 * (overlapping keyless subjects) satisfies one of them, not two, however many copies of its
 * signature the image carries.
 */
class PolicyEvaluatorThresholdTest {
  private static final ImageReference IMAGE = image();

  @Test
  void oneSignatureAcceptedByTwoOverlappingAuthoritiesCountsOnce() {
    SignatureVerdict release = signature("referrer sha256:aa (Sigstore bundle)", WIDGET);

    RuleResult rule =
        authorities(Map.of("any-acme", List.of(release), "release-workflow", List.of(release)));

    assertThat(rule.passed()).isFalse();
    assertThat(rule.found())
        .isEqualTo(
            "signed by any-acme only; not by release-workflow (its only signer already counts"
                + " for any-acme: each signer counts for one authority)");
  }

  @Test
  void theSameSignatureCopiedToASecondPlaceIsStillOneSigner() {
    SignatureVerdict original = signature("tag sha256-bb.sig, layer 1", WIDGET);
    SignatureVerdict copy = signature("tag sha256-bb.sig, layer 2", WIDGET);

    RuleResult rule =
        authorities(
            Map.of(
                "any-acme", List.of(original, copy), "release-workflow", List.of(original, copy)));

    assertThat(rule.passed()).isFalse();
    assertThat(rule.found()).startsWith("signed by any-acme only; not by release-workflow");
  }

  @Test
  void twoSignersEachAcceptedByBothAuthoritiesSatisfyTwoOfTwo() {
    SignatureVerdict first = signature("referrer sha256:aa (Sigstore bundle)", WIDGET);
    SignatureVerdict second = signature("tag sha256-bb.sig, layer 1", GADGET);

    RuleResult rule =
        authorities(
            Map.of("any-acme", List.of(first, second), "release-workflow", List.of(first, second)));

    assertThat(rule.passed()).as(rule.found()).isTrue();
    assertThat(rule.found()).isEqualTo("signed by any-acme, release-workflow");
    assertThat(rule.evidence()).hasSize(2);
  }

  @Test
  void theSignatureOnlyOneAuthorityAcceptsGoesToItSoBothCount() {
    SignatureVerdict shared = signature("referrer sha256:aa (Sigstore bundle)", WIDGET);
    SignatureVerdict onlyBroad = signature("tag sha256-bb.sig, layer 1", GADGET);

    // Policy order puts release-workflow second; the pairing still finds the assignment that
    // satisfies both, whatever order the signatures were found in.
    RuleResult rule =
        authorities(
            Map.of("any-acme", List.of(shared, onlyBroad), "release-workflow", List.of(shared)));

    assertThat(rule.passed()).as(rule.found()).isTrue();
  }

  private static RuleResult authorities(Map<String, List<SignatureVerdict>> signatures) {
    KeylessAuthority broad =
        new KeylessAuthority(
            "any-acme",
            "https://token.actions.githubusercontent.com",
            null,
            null,
            "^https://github.com/acme/",
            Map.of());
    KeylessAuthority release =
        new KeylessAuthority(
            "release-workflow",
            "https://token.actions.githubusercontent.com",
            null,
            "https://github.com/acme/widget",
            null,
            Map.of());
    ImagePolicy policy =
        new ImagePolicy(
            "two-of-two",
            null,
            Mode.ENFORCE,
            new Match(List.of(), List.of()),
            null,
            new Authorities(2, List.of(), List.of(broad, release), true),
            null,
            List.of(),
            false,
            false,
            null);
    PolicyResult result =
        PolicyEvaluator.evaluate(
            policy,
            IMAGE,
            new ImageEvidence(IMAGE, signatures, Map.of(), null),
            Instant.parse("2026-03-01T00:00:00Z"));
    return result.rules().stream().filter(r -> r.rule().equals("authorities")).findFirst().get();
  }

  private static final String WIDGET = "https://github.com/acme/widget";
  private static final String GADGET = "https://github.com/acme/gadget";

  private static SignatureVerdict signature(String source, String identity) {
    return new SignatureVerdict(
        source,
        new Signer(
            Signer.Kind.CERTIFICATE,
            identity,
            "https://token.actions.githubusercontent.com",
            Map.of()),
        List.of(Check.pass("signature", "signature valid for the certificate's key")));
  }

  private static ImageReference image() {
    try {
      return ImageReference.parse("registry.example.com/acme/widget@sha256:" + "a".repeat(64));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
