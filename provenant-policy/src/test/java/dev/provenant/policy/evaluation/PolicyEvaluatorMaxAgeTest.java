package dev.provenant.policy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.keys.SigningKey;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.Signer;
import dev.provenant.oci.signature.VerifiedAttestation;
import dev.provenant.policy.AttestationRequirement;
import dev.provenant.policy.Authorities;
import dev.provenant.policy.ImagePolicy;
import dev.provenant.policy.KeyAuthority;
import dev.provenant.policy.Match;
import dev.provenant.policy.Mode;
import dev.provenant.policy.decision.PolicyResult;
import dev.provenant.policy.decision.RuleResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code maxAge} over hand-built evidence: what counts is an accepted signature or attestation with
 * a verified signing time no older than {@code now - maxAge}; anything else is set aside, and the
 * decision says why.
 */
class PolicyEvaluatorMaxAgeTest {
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final Duration MAX_AGE = Duration.ofHours(720);
  private static final Instant RECENT = Instant.parse("2026-02-27T12:00:00Z");
  private static final Instant TOO_OLD = Instant.parse("2026-01-01T00:00:00Z");
  private static final String SBOM = "https://cyclonedx.org/bom";
  private static final ImageReference IMAGE = image();

  @Test
  void withoutMaxAgeAnAcceptedSignatureWithoutATimeCounts() {
    PolicyResult result =
        evaluate(policy(1, null, List.of()), Map.of("alice", List.of(signature(null))), Map.of());

    assertThat(result.passed()).isTrue();
    assertThat(result.rules()).extracting(RuleResult::rule).doesNotContain("maxAge");
  }

  @Test
  void aRecentSignatureCountsAndTheMaxAgeRuleReportsTheOldestCountedTime() {
    PolicyResult result =
        evaluate(
            policy(1, MAX_AGE, List.of()), Map.of("alice", List.of(signature(RECENT))), Map.of());

    assertThat(result.passed()).as(result.toString()).isTrue();
    RuleResult maxAge = rule(result, "maxAge");
    assertThat(maxAge.passed()).isTrue();
    assertThat(maxAge.expected()).isEqualTo("signatures and attestations signed within 720h");
    assertThat(maxAge.found()).isEqualTo("oldest counted signed at " + RECENT);
  }

  @Test
  void aSignatureExactlyMaxAgeOldStillCounts() {
    PolicyResult result =
        evaluate(
            policy(1, MAX_AGE, List.of()),
            Map.of("alice", List.of(signature(NOW.minus(MAX_AGE)))),
            Map.of());

    assertThat(result.passed()).as(result.toString()).isTrue();
  }

  @Test
  void aSignatureOlderThanMaxAgeDoesNotCountAndTheRulesSayWhy() {
    PolicyResult result =
        evaluate(
            policy(1, MAX_AGE, List.of()), Map.of("alice", List.of(signature(TOO_OLD))), Map.of());

    assertThat(result.passed()).isFalse();
    RuleResult authorities = rule(result, "authorities");
    assertThat(authorities.passed()).isFalse();
    assertThat(authorities.found())
        .contains("alice (signed 2026-01-01T00:00:00Z, older than maxAge 720h)");
    RuleResult maxAge = rule(result, "maxAge");
    assertThat(maxAge.passed()).isFalse();
    assertThat(maxAge.found())
        .isEqualTo(
            "too old or without a verified signing time: alice (signed 2026-01-01T00:00:00Z,"
                + " older than maxAge 720h)");
    assertThat(maxAge.remedy()).contains("--rekor-url", "--timestamp-server-url");
  }

  @Test
  void aKeySignatureMadeOfflineHasNoVerifiedTimeAndFailsClosed() {
    PolicyResult result =
        evaluate(
            policy(1, MAX_AGE, List.of()), Map.of("alice", List.of(signature(null))), Map.of());

    assertThat(result.passed()).isFalse();
    assertThat(rule(result, "authorities").found())
        .contains(
            "alice (no verified signing time: maxAge needs a transparency log entry or an RFC"
                + " 3161 timestamp)");
    RuleResult maxAge = rule(result, "maxAge");
    assertThat(maxAge.passed()).isFalse();
    assertThat(maxAge.remedy()).contains("offline", "--rekor-url", "--timestamp-server-url");
  }

  @Test
  void aRecentSignatureCountsBesideOlderOnes() {
    PolicyResult result =
        evaluate(
            policy(1, MAX_AGE, List.of()),
            Map.of("alice", List.of(signature(TOO_OLD), signature(null), signature(RECENT))),
            Map.of());

    assertThat(result.passed()).as(result.toString()).isTrue();
    assertThat(rule(result, "maxAge").found()).isEqualTo("oldest counted signed at " + RECENT);
  }

  @Test
  void aStaleAuthorityTheThresholdDoesNotNeedFailsNothing() {
    PolicyResult result =
        evaluate(
            policy(1, MAX_AGE, List.of()),
            Map.of("alice", List.of(signature(RECENT)), "bob", List.of(signature(TOO_OLD))),
            Map.of());

    assertThat(result.passed()).as(result.toString()).isTrue();
    assertThat(rule(result, "authorities").found()).isEqualTo("signed by alice");
  }

  @Test
  void aStaleAuthorityTheThresholdNeedsFailsBothRules() {
    PolicyResult result =
        evaluate(
            policy(2, MAX_AGE, List.of()),
            Map.of("alice", List.of(signature(RECENT)), "bob", List.of(signature(TOO_OLD))),
            Map.of());

    assertThat(rule(result, "authorities").found())
        .isEqualTo(
            "signed by alice only; not by bob (signed 2026-01-01T00:00:00Z, older than maxAge"
                + " 720h)");
    assertThat(rule(result, "maxAge").passed()).isFalse();
    assertThat(rule(result, "maxAge").found()).contains("bob (signed 2026-01-01T00:00:00Z");
  }

  @Test
  void aRejectedSignatureDoesNotCountWhateverItsTime() {
    SignatureVerdict rejected =
        new SignatureVerdict(
            "tag sha256-aa.sig, layer 1",
            Signer.key("SHA256:alice"),
            List.of(Check.fail("signature", "the signature does not verify with the key")),
            RECENT);

    PolicyResult result =
        evaluate(policy(1, MAX_AGE, List.of()), Map.of("alice", List.of(rejected)), Map.of());

    assertThat(rule(result, "authorities").found())
        .contains("alice (the signature does not verify with the key)");
    // Age set nothing aside: the signature failed on its own.
    assertThat(rule(result, "maxAge").passed()).isTrue();
    assertThat(rule(result, "maxAge").found())
        .isEqualTo("no accepted signature or attestation to check");
  }

  @Test
  void aRecentAttestationCounts() {
    PolicyResult result =
        evaluate(
            policy(1, MAX_AGE, List.of(new AttestationRequirement(SBOM, null))),
            Map.of("alice", List.of(signature(RECENT))),
            Map.of("alice", List.of(attestation(Instant.parse("2026-02-28T00:00:00Z")))));

    assertThat(result.passed()).as(result.toString()).isTrue();
    assertThat(rule(result, "attestation " + SBOM).found()).isEqualTo("1 accepted");
    assertThat(rule(result, "maxAge").found()).isEqualTo("oldest counted signed at " + RECENT);
    assertThat(rule(result, "maxAge").evidence()).hasSize(2);
  }

  @Test
  void anAttestationOlderThanMaxAgeDoesNotCount() {
    PolicyResult result =
        evaluate(
            policy(1, MAX_AGE, List.of(new AttestationRequirement(SBOM, null))),
            Map.of("alice", List.of(signature(RECENT))),
            Map.of("alice", List.of(attestation(TOO_OLD))));

    assertThat(result.passed()).isFalse();
    RuleResult attestation = rule(result, "attestation " + SBOM);
    assertThat(attestation.passed()).isFalse();
    assertThat(attestation.found())
        .isEqualTo(
            "only attestations older than maxAge 720h or without a verified signing time: "
                + "tag sha256-aa.att, layer 1 (signed 2026-01-01T00:00:00Z, older than maxAge"
                + " 720h)");
    assertThat(attestation.remedy()).contains("provenant attest --type " + SBOM, "--rekor-url");
    RuleResult maxAge = rule(result, "maxAge");
    assertThat(maxAge.passed()).isFalse();
    assertThat(maxAge.found())
        .isEqualTo(
            "too old or without a verified signing time: attestation "
                + SBOM
                + " (signed 2026-01-01T00:00:00Z, older than maxAge 720h)");
  }

  @Test
  void anAttestationWithoutAVerifiedTimeDoesNotCount() {
    PolicyResult result =
        evaluate(
            policy(1, MAX_AGE, List.of(new AttestationRequirement(SBOM, null))),
            Map.of("alice", List.of(signature(RECENT))),
            Map.of("alice", List.of(attestation(null))));

    assertThat(result.passed()).isFalse();
    assertThat(rule(result, "attestation " + SBOM).found())
        .endsWith("(" + AgeLimit.NO_VERIFIED_TIME + ")");
    assertThat(rule(result, "maxAge").passed()).isFalse();
  }

  @Test
  void maxAgeIsWrittenAsThePolicyWouldWriteIt() {
    assertThat(AgeLimit.of(Duration.ofHours(720), NOW).text()).isEqualTo("720h");
    assertThat(AgeLimit.of(Duration.ofMinutes(90), NOW).text()).isEqualTo("1h30m");
    assertThat(AgeLimit.of(Duration.ofSeconds(45), NOW).text()).isEqualTo("45s");
    assertThat(AgeLimit.of(Duration.ofMillis(1500), NOW).text()).isEqualTo("1.5s");
  }

  private static PolicyResult evaluate(
      ImagePolicy policy,
      Map<String, List<SignatureVerdict>> signatures,
      Map<String, List<VerifiedAttestation>> attestations) {
    return PolicyEvaluator.evaluate(
        policy, IMAGE, new ImageEvidence(IMAGE, signatures, attestations, null), NOW);
  }

  private static ImagePolicy policy(
      int threshold, Duration maxAge, List<AttestationRequirement> attestations) {
    Authorities authorities =
        new Authorities(
            threshold,
            List.of(
                new KeyAuthority("alice", SigningKey.generateEcP256().publicKey(), "alice.pub"),
                new KeyAuthority("bob", SigningKey.generateEcP256().publicKey(), "bob.pub")),
            List.of(),
            true);
    return new ImagePolicy(
        "signed-recently",
        null,
        Mode.ENFORCE,
        new Match(List.of(), List.of()),
        null,
        authorities,
        null,
        attestations,
        false,
        false,
        maxAge);
  }

  private static SignatureVerdict signature(Instant signedAt) {
    return new SignatureVerdict(
        "tag sha256-aa.sig, layer " + (signedAt == null ? "offline" : signedAt),
        Signer.key("SHA256:alice"),
        List.of(Check.pass("signature", "signature valid for key SHA256:alice")),
        signedAt);
  }

  private static VerifiedAttestation attestation(Instant signedAt) {
    SignatureVerdict verdict =
        new SignatureVerdict(
            "tag sha256-aa.att, layer 1",
            Signer.key("SHA256:alice"),
            List.of(Check.pass("signature", "DSSE signature valid for key SHA256:alice")),
            signedAt);
    byte[] statement =
        ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":\""
                + SBOM
                + "\",\"predicate\":{}}")
            .getBytes(StandardCharsets.UTF_8);
    return new VerifiedAttestation(verdict, SBOM, statement);
  }

  private static RuleResult rule(PolicyResult result, String name) {
    return result.rules().stream()
        .filter(r -> r.rule().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule " + name + " in " + result));
  }

  private static ImageReference image() {
    try {
      return ImageReference.parse("registry.test/app@sha256:" + "a".repeat(64));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
