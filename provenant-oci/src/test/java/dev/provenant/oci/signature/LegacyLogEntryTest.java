package dev.provenant.oci.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SigningKey;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Rekor evidence of a legacy signature, built here as a Rekor v1 log writes it: a hashedrekord
 * body, and the SET of a {@link TestRekorLog} named in a trusted root.
 */
class LegacyLogEntryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TestRekorLog LOG = new TestRekorLog();
  private static final SigningKey SIGNER = SigningKey.generateEcP256();
  private static final byte[] PAYLOAD = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);
  private static final long INTEGRATED = Instant.parse("2026-01-02T03:04:05Z").getEpochSecond();

  @Test
  void entryLoggedByATrustedLogForThisSignatureAndKeyPasses() throws Exception {
    byte[] signature = SIGNER.sign(PAYLOAD);

    Check check =
        LegacyLogEntry.check(
            layer(signature, annotation(PAYLOAD, signature, SIGNER, LOG)),
            SIGNER.publicKey(),
            policy(LOG));

    assertThat(check.passed()).as(check.detail()).isTrue();
    assertThat(check.detail()).contains("logged as entry 7");
  }

  @Test
  void entryFromALogTheRootDoesNotTrustFails() throws Exception {
    byte[] signature = SIGNER.sign(PAYLOAD);
    TestRekorLog otherLog = new TestRekorLog();

    Check check =
        LegacyLogEntry.check(
            layer(signature, annotation(PAYLOAD, signature, SIGNER, otherLog)),
            SIGNER.publicKey(),
            policy(LOG));

    assertThat(check.passed()).isFalse();
    assertThat(check.detail()).contains("which the trusted root does not trust");
  }

  @Test
  void entryForAnotherPayloadFails() throws Exception {
    byte[] signature = SIGNER.sign(PAYLOAD);
    byte[] other = "{\"critical\":{\"x\":1}}".getBytes(StandardCharsets.UTF_8);

    Check check =
        LegacyLogEntry.check(
            layer(signature, annotation(other, signature, SIGNER, LOG)),
            SIGNER.publicKey(),
            policy(LOG));

    assertThat(check.passed()).isFalse();
    assertThat(check.detail()).contains("records another payload");
  }

  @Test
  void entryForAnotherKeyFails() throws Exception {
    byte[] signature = SIGNER.sign(PAYLOAD);
    SigningKey someoneElse = SigningKey.generateEcP256();

    Check check =
        LegacyLogEntry.check(
            layer(signature, annotation(PAYLOAD, signature, someoneElse, LOG)),
            SIGNER.publicKey(),
            policy(LOG));

    assertThat(check.passed()).isFalse();
    assertThat(check.detail()).contains("records another key");
  }

  @Test
  void alteredSignedEntryTimestampFails() throws Exception {
    byte[] signature = SIGNER.sign(PAYLOAD);
    ObjectNode annotation = (ObjectNode) JSON.readTree(annotation(PAYLOAD, signature, SIGNER, LOG));
    ((ObjectNode) annotation.path("Payload")).put("integratedTime", INTEGRATED + 1);

    Check check =
        LegacyLogEntry.check(
            layer(signature, annotation.toString()), SIGNER.publicKey(), policy(LOG));

    assertThat(check.passed()).isFalse();
    assertThat(check.detail()).contains("signed entry timestamp for entry 7 does not verify");
  }

  @Test
  void missingEntryFailsUnlessTheLogIsNotRequired() throws Exception {
    byte[] signature = SIGNER.sign(PAYLOAD);

    Check required = LegacyLogEntry.check(layer(signature, null), SIGNER.publicKey(), policy(LOG));
    Check offline =
        LegacyLogEntry.check(
            layer(signature, null),
            SIGNER.publicKey(),
            new TransparencyLogPolicy(LOG.root(), false));

    assertThat(required.passed()).isFalse();
    assertThat(required.detail()).contains("--insecure-ignore-tlog");
    assertThat(offline.passed()).isTrue();
  }

  @Test
  void aVerifiedEntryIsTheSignatureVerdictsSigningTime() throws Exception {
    byte[] signature = SIGNER.sign(PAYLOAD);

    SignatureVerdict verdict =
        keyedVerdict(layer(signature, annotation(PAYLOAD, signature, SIGNER, LOG)), policy(LOG));

    assertThat(verdict.signedAt()).isEqualTo(Instant.ofEpochSecond(INTEGRATED));
  }

  @Test
  void anIntegratedTimeWhoseSetDoesNotVerifyIsNoSigningTime() throws Exception {
    byte[] signature = SIGNER.sign(PAYLOAD);
    ObjectNode annotation = (ObjectNode) JSON.readTree(annotation(PAYLOAD, signature, SIGNER, LOG));
    ((ObjectNode) annotation.path("Payload")).put("integratedTime", INTEGRATED - 3600);

    LegacyLogEntry.Result result =
        LegacyLogEntry.checkKeyed(
            layer(signature, annotation.toString()), SIGNER.publicKey(), policy(LOG));
    SignatureVerdict verdict = keyedVerdict(layer(signature, annotation.toString()), policy(LOG));

    assertThat(result.check().passed()).isFalse();
    assertThat(result.integratedTime()).isNull();
    assertThat(verdict.signedAt()).isNull();
  }

  @Test
  void anEntryNotLookedAtIsNoSigningTime() throws Exception {
    byte[] signature = SIGNER.sign(PAYLOAD);

    LegacyLogEntry.Result result =
        LegacyLogEntry.checkKeyed(
            layer(signature, annotation(PAYLOAD, signature, SIGNER, LOG)),
            SIGNER.publicKey(),
            new TransparencyLogPolicy(LOG.root(), false));

    assertThat(result.check().passed()).isTrue();
    assertThat(result.integratedTime()).isNull();
  }

  @Test
  void anEntryOfAnotherKeyIsNoSigningTime() throws Exception {
    byte[] signature = SIGNER.sign(PAYLOAD);

    SignatureVerdict verdict =
        keyedVerdict(
            layer(signature, annotation(PAYLOAD, signature, SigningKey.generateEcP256(), LOG)),
            policy(LOG));

    assertThat(verdict.signedAt()).isNull();
  }

  private static SignatureVerdict keyedVerdict(
      LegacySignature layer, TransparencyLogPolicy policy) {
    return LegacyVerifier.verdicts(
            List.of(layer), Digest.sha256(PAYLOAD), List.of(SIGNER.publicKey()), policy)
        .getFirst();
  }

  private static String annotation(
      byte[] payload, byte[] signature, SigningKey signer, TestRekorLog log) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("apiVersion", "0.0.1");
    body.put("kind", "hashedrekord");
    ObjectNode spec = body.putObject("spec");
    spec.putObject("data")
        .putObject("hash")
        .put("algorithm", "sha256")
        .put("value", Digest.sha256(payload).hex());
    ObjectNode sig = spec.putObject("signature");
    sig.put("content", Base64.getEncoder().encodeToString(signature));
    sig.putObject("publicKey")
        .put(
            "content",
            Base64.getEncoder()
                .encodeToString(
                    PublicKeys.toPem(signer.publicKey()).getBytes(StandardCharsets.UTF_8)));
    return log.annotation(JSON.writeValueAsBytes(body), INTEGRATED);
  }

  private static LegacySignature layer(byte[] signature, String rekorBundle) throws Exception {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(
        LegacySignature.SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(signature));
    if (rekorBundle != null) {
      annotations.put(LegacySignature.BUNDLE_ANNOTATION, rekorBundle);
    }
    return SignatureFixtures.readLayer(
        "127.0.0.1:5000/app:sha256-" + "a".repeat(64) + ".sig",
        "application/vnd.dev.cosign.simplesigning.v1+json",
        PAYLOAD,
        annotations);
  }

  private static TransparencyLogPolicy policy(TestRekorLog log) {
    return new TransparencyLogPolicy(log.root(), true);
  }
}
