package dev.provenant.policy.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.tag.MutableTagRule;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.Signer;
import dev.provenant.oci.signature.VerifiedAttestation;
import dev.provenant.policy.AttestationRequirement;
import dev.provenant.policy.Authorities;
import dev.provenant.policy.ImagePolicy;
import dev.provenant.policy.decision.ImageDecision;
import dev.provenant.policy.decision.PolicyResult;
import dev.provenant.policy.decision.RuleResult;
import dev.provenant.policy.engine.PolicyEngine;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * Applies one policy's rules to an image's evidence, in the order of the policy document: reference
 * rules ({@code requireDigest}, {@code denyMutableTags}), {@code authorities}, {@code
 * provenance.*}, each required attestation, then {@code maxAge}. Pure: no network, the time is
 * given.
 *
 * <p>With a {@code maxAge}, a signature or attestation counts only when it was accepted and its
 * verified signing time is within the age ({@link AgeLimit}): for the authorities, the provenance
 * rules and the required attestations alike.
 *
 * <p>Evidence that could not be gathered fails the {@code evidence} rule (fail closed); the
 * reference rules are still reported since they need no registry.
 */
public final class PolicyEvaluator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MutableTagRule MUTABLE_TAGS = MutableTagRule.defaults();

  private PolicyEvaluator() {}

  /**
   * @param requested the reference as it was given (tag and/or digest)
   * @param evidence what was gathered for its digest under {@code policy}
   */
  public static PolicyResult evaluate(
      ImagePolicy policy, ImageReference requested, ImageEvidence evidence, Instant now) {
    List<RuleResult> rules = new ArrayList<>(referenceRules(policy, requested, evidence.image()));
    if (evidence.failure() != null) {
      rules.add(
          RuleResult.fail(
              "evidence",
              "the image's signatures and attestations, read from its registry",
              evidence.failure(),
              List.of(evidence.image().toString()),
              "nothing unverified is allowed: make the registry reachable and retry"));
      return new PolicyResult(policy.name(), policy.mode(), null, rules);
    }
    if (policy.authorities() != null) {
      Authorities authorities = policy.authorities();
      AgeLimit age = AgeLimit.of(policy.maxAge(), now);
      rules.add(authoritiesRule(authorities, evidence, age));
      List<SignatureVerdict> signatures =
          accepted(evidence.signatures()).stream().filter(age::admits).toList();
      List<VerifiedAttestation> attestations = acceptedAttestations(evidence.attestations());
      if (!policy.provenance().isEmpty()) {
        rules.addAll(
            ProvenanceRules.check(
                policy.provenance(),
                ProvenanceObservations.of(
                    signatures,
                    attestations.stream().filter(a -> age.admits(a.verdict())).toList())));
      }
      for (AttestationRequirement requirement : policy.attestations()) {
        rules.add(attestationRule(requirement, attestations, evidence.attestations(), age));
      }
      if (age.limited()) {
        rules.add(
            MaxAgeRule.check(
                age, authorities, evidence.signatures(), policy.attestations(), attestations));
      }
    }
    return new PolicyResult(policy.name(), policy.mode(), null, rules);
  }

  /**
   * The decision when the image could not be resolved to a digest: every evaluated policy fails its
   * {@code evidence} rule with the reason (denied, or warned when every such policy warns).
   */
  public static ImageDecision unresolved(
      String image, ImageReference requested, PolicyEngine.Selection selection, String why) {
    List<PolicyResult> results = new ArrayList<>(selection.excluded());
    for (ImagePolicy policy : selection.evaluated()) {
      results.add(
          new PolicyResult(
              policy.name(),
              policy.mode(),
              null,
              List.of(
                  RuleResult.fail(
                      "evidence",
                      "the image resolved to a manifest digest in its registry",
                      why,
                      List.of(requested.toString()),
                      "check the image name and that the registry is reachable"))));
    }
    return ImageDecision.of(image, requested.digest(), results);
  }

  private static List<RuleResult> referenceRules(
      ImagePolicy policy, ImageReference requested, ImageReference pinned) {
    List<RuleResult> rules = new ArrayList<>(2);
    String pinnedForm = requested.withDigest(pinned.digest()).familiar();
    boolean byDigest = requested.digest() != null;
    if (policy.requireDigest()) {
      rules.add(
          byDigest
              ? RuleResult.pass(
                  "requireDigest", "a reference pinned by digest", "pinned by digest", List.of())
              : RuleResult.fail(
                  "requireDigest",
                  "a reference pinned by digest",
                  "tag " + requested.tag() + " only",
                  List.of(),
                  "refer to the image as " + pinnedForm));
    }
    if (policy.denyMutableTags()) {
      String tag = requested.tag();
      if (byDigest || tag == null || !MUTABLE_TAGS.isMutable(tag)) {
        rules.add(
            RuleResult.pass(
                "denyMutableTags",
                "no mutable tag ("
                    + String.join(", ", new java.util.TreeSet<>(MUTABLE_TAGS.mutableTags()))
                    + ")",
                byDigest ? "pinned by digest" : "tag " + tag,
                List.of()));
      } else {
        rules.add(
            RuleResult.fail(
                "denyMutableTags",
                "no mutable tag unless pinned by digest",
                "the mutable tag " + tag,
                List.of(),
                "use a release tag or pin the digest: " + pinnedForm));
      }
    }
    return rules;
  }

  private static RuleResult authoritiesRule(
      Authorities authorities, ImageEvidence evidence, AgeLimit age) {
    List<String> satisfied = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    boolean agedOut = false;
    boolean unlogged = false;
    List<String> used = new ArrayList<>();
    Set<String> sources = new LinkedHashSet<>();
    Map<String, List<SignatureVerdict>> counted = new LinkedHashMap<>();
    for (String name : authorities.names()) {
      List<SignatureVerdict> verdicts = evidence.signatures().getOrDefault(name, List.of());
      verdicts.forEach(v -> sources.add(v.source()));
      counted.put(
          name, verdicts.stream().filter(SignatureVerdict::accepted).filter(age::admits).toList());
    }
    // Paired by signer, not by where a signature was found: the same signature copied into a
    // second layer or referrer, or one signer signing twice, is still one signer.
    Map<String, List<String>> candidates = new LinkedHashMap<>();
    counted.forEach(
        (name, ok) ->
            candidates.put(name, ok.stream().map(v -> signerKey(v.signer())).distinct().toList()));
    Map<String, String> paired = DistinctSignatures.pair(candidates);
    for (String name : authorities.names()) {
      List<SignatureVerdict> verdicts = evidence.signatures().getOrDefault(name, List.of());
      List<SignatureVerdict> accepted =
          verdicts.stream().filter(SignatureVerdict::accepted).toList();
      List<SignatureVerdict> ok = counted.get(name);
      if (paired.containsKey(name)) {
        satisfied.add(name);
        SignatureVerdict own =
            ok.stream()
                .filter(v -> signerKey(v.signer()).equals(paired.get(name)))
                .findFirst()
                .orElseThrow();
        used.add(name + ": " + own.source() + " signed by " + describe(own.signer()));
      } else if (!ok.isEmpty()) {
        missing.add(
            name
                + " (its only signer already counts for "
                + String.join(", ", holders(ok, paired))
                + ": each signer counts for one authority)");
      } else if (!accepted.isEmpty()) {
        agedOut = true;
        missing.add(name + " (" + age.whyNotCounted(accepted) + ")");
      } else {
        Optional<Check> failure =
            verdicts.stream()
                .map(SignatureVerdict::firstFailure)
                .flatMap(Optional::stream)
                .findFirst();
        unlogged |= failure.map(c -> c.name().equals(Check.TRANSPARENCY_LOG)).orElse(false);
        missing.add(
            name
                + " ("
                + (verdicts.isEmpty() ? "no signature" : failure.map(Check::detail).orElse("?"))
                + ")");
      }
    }
    String expected =
        authorities.threshold()
            + " of "
            + authorities.names().size()
            + " authorities to sign ("
            + String.join(", ", authorities.names())
            + ")";
    if (satisfied.size() >= authorities.threshold()) {
      return RuleResult.pass(
          "authorities", expected, "signed by " + String.join(", ", satisfied), used);
    }
    String found =
        sources.isEmpty()
            ? "no signatures (no sha256-<hex>.sig tag and no Sigstore bundle referrer)"
            : (satisfied.isEmpty()
                    ? "no authority's signature verified"
                    : "signed by " + String.join(", ", satisfied) + " only")
                + "; not by "
                + String.join("; ", missing);
    return RuleResult.fail(
        "authorities",
        expected,
        found,
        List.copyOf(sources),
        sources.isEmpty()
            ? "sign the image (provenant sign --key … IMAGE) with a key or identity the policy lists"
            : "sign it with "
                + (authorities.threshold() - satisfied.size())
                + " more of the listed"
                + " authorities"
                + (unlogged
                    ? ", logged in a transparency log (provenant sign --rekor-url …), or set"
                        + " authorities.requireTransparencyLog: false if its keys sign offline on"
                        + " purpose"
                    : "")
                + (agedOut ? "; " + age.remedy() : ""));
  }

  /** Who signed, as one string: the key's fingerprint, or the certificate's identity and issuer. */
  private static String signerKey(Signer signer) {
    return signer.kind() + " " + signer.identity() + " " + signer.issuer();
  }

  /** The authorities the signers of {@code taken} were counted for. */
  private static List<String> holders(List<SignatureVerdict> taken, Map<String, String> paired) {
    Set<String> sources = new HashSet<>();
    taken.forEach(v -> sources.add(signerKey(v.signer())));
    return paired.entrySet().stream()
        .filter(e -> sources.contains(e.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }

  private static RuleResult attestationRule(
      AttestationRequirement requirement,
      List<VerifiedAttestation> accepted,
      Map<String, List<VerifiedAttestation>> all,
      AgeLimit age) {
    String rule = "attestation " + requirement.type();
    List<VerifiedAttestation> acceptedOfType =
        accepted.stream().filter(a -> requirement.type().equals(a.predicateType())).toList();
    List<VerifiedAttestation> ofType =
        acceptedOfType.stream().filter(a -> age.admits(a.verdict())).toList();
    String expected =
        "a "
            + requirement.type()
            + " attestation signed by the policy's authorities"
            + requirement.optionalCondition().map(c -> " where " + c.expression()).orElse("");
    if (ofType.isEmpty() && !acceptedOfType.isEmpty()) {
      List<String> tooOld =
          acceptedOfType.stream()
              .map(a -> a.verdict().source() + " (" + age.whyNotCounted(a.verdict()) + ")")
              .toList();
      return RuleResult.fail(
          rule,
          expected,
          "only attestations older than maxAge "
              + age.text()
              + " or without a verified signing time: "
              + String.join("; ", tooOld),
          acceptedOfType.stream().map(a -> a.verdict().source()).toList(),
          age.remedy(
              "attest again (provenant attest --type "
                  + requirement.type()
                  + " --predicate FILE …)"));
    }
    if (ofType.isEmpty()) {
      Set<String> rejected = new LinkedHashSet<>();
      all.values().stream()
          .flatMap(List::stream)
          .filter(a -> requirement.type().equals(a.predicateType()) && !a.verdict().accepted())
          .forEach(a -> rejected.add(a.verdict().source() + ": " + a.verdict().summary()));
      Set<String> types =
          accepted.stream()
              .map(VerifiedAttestation::predicateType)
              .collect(Collectors.toCollection(java.util.TreeSet::new));
      String found =
          rejected.isEmpty()
              ? "none"
                  + (types.isEmpty()
                      ? ""
                      : " (accepted attestations: " + String.join(", ", types) + ")")
              : "only attestations that did not verify: " + String.join("; ", rejected);
      return RuleResult.fail(
          rule,
          expected,
          found,
          List.copyOf(rejected),
          "attach one: provenant attest --type " + requirement.type() + " --predicate FILE …");
    }
    List<String> evidence = ofType.stream().map(a -> a.verdict().source()).toList();
    if (requirement.condition() == null) {
      return RuleResult.pass(rule, expected, ofType.size() + " accepted", evidence);
    }
    // Every accepted attestation of the type must satisfy the condition: an older passing scan
    // must not hide a newer failing one.
    for (VerifiedAttestation attestation : ofType) {
      PredicateCondition.Result result =
          requirement.condition().evaluate(attestation.predicateType(), predicate(attestation));
      if (!result.holds()) {
        return RuleResult.fail(
            rule,
            expected,
            result.detail() + " in " + attestation.verdict().source(),
            evidence,
            "fix what the attestation reports and attest again");
      }
    }
    return RuleResult.pass(
        rule,
        expected,
        requirement.condition().expression() + " holds for all " + ofType.size(),
        evidence);
  }

  private static JsonNode predicate(VerifiedAttestation attestation) {
    try {
      return JSON.readTree(attestation.statement()).path("predicate");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static List<SignatureVerdict> accepted(Map<String, List<SignatureVerdict>> byAuthority) {
    return byAuthority.values().stream()
        .flatMap(List::stream)
        .filter(SignatureVerdict::accepted)
        .toList();
  }

  private static List<VerifiedAttestation> acceptedAttestations(
      Map<String, List<VerifiedAttestation>> byAuthority) {
    return byAuthority.values().stream()
        .flatMap(List::stream)
        .filter(a -> a.verdict().accepted() && a.statement() != null)
        .toList();
  }

  static String describe(Signer signer) {
    return signer.kind() == Signer.Kind.KEY
        ? "key " + signer.identity()
        : signer.identity() + " (issuer " + signer.issuer() + ")";
  }

  /** Case-insensitive equality, for hex commits. */
  static final BiPredicate<String, String> SAME_HEX =
      (expected, found) -> expected.toLowerCase(Locale.ROOT).equals(found.toLowerCase(Locale.ROOT));

  /**
   * Only the reference rules ({@code requireDigest}, {@code denyMutableTags}) of {@code policy},
   * applied to {@code requested} as written: what a mutating webhook must check before it pins the
   * image, since validation then sees a digest. {@code resolved} names the digest for the remedies;
   * when it is null they name the reference as written.
   */
  public static PolicyResult referenceRules(
      ImagePolicy policy, ImageReference requested, dev.provenant.core.digest.Digest resolved) {
    ImageReference pinned = resolved == null ? requested : requested.withDigest(resolved);
    return new PolicyResult(
        policy.name(), policy.mode(), null, referenceRules(policy, requested, pinned));
  }
}
