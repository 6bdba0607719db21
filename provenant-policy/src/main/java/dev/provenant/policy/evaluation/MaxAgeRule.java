package dev.provenant.policy.evaluation;

import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.oci.signature.VerifiedAttestation;
import dev.provenant.policy.AttestationRequirement;
import dev.provenant.policy.Authorities;
import dev.provenant.policy.decision.RuleResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code maxAge} rule, reported on its own so that a decision names it when age was the
 * problem. It fails when the age limit set aside what the policy needed: every accepted signature
 * of an authority the threshold still lacks, or every accepted attestation of a required type. An
 * authority whose signatures are stale does not fail it while the other authorities meet the
 * threshold, since the image then does not depend on that authority.
 */
final class MaxAgeRule {
  static final String NAME = "maxAge";

  private MaxAgeRule() {}

  static RuleResult check(
      AgeLimit age,
      Authorities authorities,
      Map<String, List<SignatureVerdict>> signatures,
      List<AttestationRequirement> requirements,
      List<VerifiedAttestation> acceptedAttestations) {
    List<Counted> counted = new ArrayList<>();
    List<String> setAside = new ArrayList<>();
    List<String> setAsideSources = new ArrayList<>();
    int satisfied = 0;
    List<String> agedAuthorities = new ArrayList<>();
    List<String> agedSources = new ArrayList<>();
    for (String name : authorities.names()) {
      List<SignatureVerdict> accepted =
          signatures.getOrDefault(name, List.of()).stream()
              .filter(SignatureVerdict::accepted)
              .toList();
      List<SignatureVerdict> recent = accepted.stream().filter(age::admits).toList();
      recent.forEach(v -> counted.add(new Counted(name + ": " + v.source(), v.signedAt())));
      if (!recent.isEmpty()) {
        satisfied++;
      } else if (!accepted.isEmpty()) {
        agedAuthorities.add(name + " (" + age.whyNotCounted(accepted) + ")");
        accepted.forEach(v -> agedSources.add(name + ": " + v.source()));
      }
    }
    if (satisfied < authorities.threshold()) {
      setAside.addAll(agedAuthorities);
      setAsideSources.addAll(agedSources);
    }
    for (AttestationRequirement requirement : requirements) {
      List<SignatureVerdict> ofType =
          acceptedAttestations.stream()
              .filter(a -> requirement.type().equals(a.predicateType()))
              .map(VerifiedAttestation::verdict)
              .toList();
      List<SignatureVerdict> recent = ofType.stream().filter(age::admits).toList();
      recent.forEach(v -> counted.add(new Counted(v.source(), v.signedAt())));
      if (recent.isEmpty() && !ofType.isEmpty()) {
        setAside.add("attestation " + requirement.type() + " (" + age.whyNotCounted(ofType) + ")");
        ofType.forEach(v -> setAsideSources.add(v.source()));
      }
    }
    String expected = "signatures and attestations signed within " + age.text();
    if (!setAside.isEmpty()) {
      return RuleResult.fail(
          NAME,
          expected,
          "too old or without a verified signing time: " + String.join("; ", setAside),
          setAsideSources,
          age.remedy());
    }
    List<String> evidence =
        counted.stream().map(c -> c.what() + " signed at " + c.signedAt()).toList();
    return RuleResult.pass(
        NAME,
        expected,
        counted.stream()
            .map(Counted::signedAt)
            .min(Instant::compareTo)
            .map(oldest -> "oldest counted signed at " + oldest)
            .orElse("no accepted signature or attestation to check"),
        evidence);
  }

  /** A signature or attestation that counted, with its verified signing time. */
  private record Counted(String what, Instant signedAt) {
    Counted {
      Objects.requireNonNull(signedAt, "signedAt");
    }
  }
}
