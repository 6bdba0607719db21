package dev.provenant.oci.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.CertificateChecker;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.Envelope;
import dev.provenant.core.dsse.EnvelopeJson;
import dev.provenant.core.dsse.InTotoStatement;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SigningKey;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.Signer;
import dev.provenant.oci.testing.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Rekor evidence of a cosign {@code .att} layer: its DSSE envelope logged as an {@code intoto}
 * 0.0.2 or {@code dsse} 0.0.1 entry (built here as Rekor v1 writes them, see
 * pkg/types/intoto/v0.0.2 and pkg/types/dsse/v0.0.1 in sigstore/rekor) under the SET of a {@link
 * TestRekorLog}.
 */
class AttestationLogEntryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TestRekorLog LOG = new TestRekorLog();
  private static final SigningKey SIGNER = SigningKey.generateEcP256();
  private static final Digest IMAGE = Digest.sha256("image".getBytes(StandardCharsets.UTF_8));
  private static final String PREDICATE = "https://provenant.test/predicate";
  private static final long INTEGRATED = Instant.parse("2026-01-02T03:04:05Z").getEpochSecond();

  /** A self-signed certificate, valid from now for two days, and its key: a keyless signer. */
  private static SigningKey certifiedKey;

  private static X509Certificate certificate;
  private static String certificatePem;

  @BeforeAll
  static void makeCertificate(@TempDir Path dir) throws Exception {
    SelfSignedCertificate made = SelfSignedCertificate.create(dir, "/CN=provenant-test-signer", 2);
    PrivateKey privateKey = made.privateKey();
    certificatePem = made.certificatePem();
    certificate = made.certificate();
    certifiedKey = SigningKey.of(privateKey, certificate.getPublicKey());
  }

  @Test
  void keyedIntotoEntryOfThisEnvelopePasses() {
    Envelope envelope = envelope(SIGNER, IMAGE);
    byte[] json = EnvelopeJson.write(envelope);

    SignatureVerdict verdict =
        verifyKeyed(layer(json, intotoEntry(envelope, json, keyPem(SIGNER), INTEGRATED)), true);

    assertThat(verdict.accepted()).as(verdict.summary()).isTrue();
    assertThat(check(verdict, "transparency-log").detail()).contains("logged as entry 7");
    assertThat(verdict.signedAt()).isEqualTo(Instant.ofEpochSecond(INTEGRATED));
  }

  @Test
  void anEntryThatIsNotLookedAtGivesNoSigningTime() {
    Envelope envelope = envelope(SIGNER, IMAGE);
    byte[] json = EnvelopeJson.write(envelope);

    SignatureVerdict verdict =
        verifyKeyed(layer(json, intotoEntry(envelope, json, keyPem(SIGNER), INTEGRATED)), false);

    assertThat(verdict.accepted()).as(verdict.summary()).isTrue();
    assertThat(verdict.signedAt()).isNull();
  }

  @Test
  void keyedDsseEntryOfThisEnvelopePasses() {
    Envelope envelope = envelope(SIGNER, IMAGE);
    byte[] json = EnvelopeJson.write(envelope);

    SignatureVerdict verdict =
        verifyKeyed(layer(json, dsseEntry(envelope, json, keyPem(SIGNER), INTEGRATED)), true);

    assertThat(verdict.accepted()).as(verdict.summary()).isTrue();
    assertThat(check(verdict, "transparency-log").detail()).contains("logged as entry 7");
  }

  @Test
  void keylessEntryIsAVerifiedSigningTimeWithoutATimestamp() {
    Envelope envelope = envelope(certifiedKey, IMAGE);
    byte[] json = EnvelopeJson.write(envelope);
    long now = Instant.now().getEpochSecond();

    SignatureVerdict verdict =
        verifyKeyless(keylessLayer(json, intotoEntry(envelope, json, certificatePem, now)), true);

    assertThat(verdict.accepted()).as(verdict.summary()).isTrue();
    assertThat(check(verdict, "signing-time").detail())
        .startsWith("logged at")
        .contains("within the certificate's validity");
    assertThat(verdict.signedAt()).isEqualTo(Instant.ofEpochSecond(now));
  }

  @Test
  void keylessEntryIntegratedAfterTheCertificateExpiredFails() {
    Envelope envelope = envelope(certifiedKey, IMAGE);
    byte[] json = EnvelopeJson.write(envelope);
    long late = Instant.now().plus(Duration.ofDays(30)).getEpochSecond();

    SignatureVerdict verdict =
        verifyKeyless(keylessLayer(json, dsseEntry(envelope, json, certificatePem, late)), true);

    assertThat(verdict.accepted()).isFalse();
    assertThat(check(verdict, "signing-time").detail())
        .contains("outside the certificate's validity");
  }

  @Test
  void keylessEntryIsCheckedEvenWithInsecureIgnoreTlog() {
    Envelope envelope = envelope(certifiedKey, IMAGE);
    byte[] json = EnvelopeJson.write(envelope);
    long now = Instant.now().getEpochSecond();

    SignatureVerdict verdict =
        verifyKeyless(keylessLayer(json, intotoEntry(envelope, json, keyPem(SIGNER), now)), false);

    assertThat(verdict.accepted()).isFalse();
    assertThat(check(verdict, "transparency-log").detail())
        .contains("records another signing key or certificate");
  }

  @Test
  void entryFromALogTheRootDoesNotTrustFails() {
    Envelope envelope = envelope(SIGNER, IMAGE);
    byte[] json = EnvelopeJson.write(envelope);
    byte[] body = intotoBody(envelope, json, keyPem(SIGNER));

    SignatureVerdict verdict =
        verifyKeyed(layer(json, new TestRekorLog().annotation(body, INTEGRATED)), true);

    assertThat(verdict.accepted()).isFalse();
    assertThat(check(verdict, "transparency-log").detail())
        .contains("which the trusted root does not trust");
  }

  @Test
  void entryOfAnotherEnvelopeFails() {
    Envelope envelope = envelope(SIGNER, IMAGE);
    Envelope other = envelope(SIGNER, Digest.sha256(new byte[] {1}));
    byte[] json = EnvelopeJson.write(envelope);

    SignatureVerdict intoto =
        verifyKeyed(
            layer(json, intotoEntry(other, EnvelopeJson.write(other), keyPem(SIGNER), INTEGRATED)),
            true);
    SignatureVerdict dsse =
        verifyKeyed(
            layer(json, dsseEntry(other, EnvelopeJson.write(other), keyPem(SIGNER), INTEGRATED)),
            true);

    assertThat(check(intoto, "transparency-log").detail())
        .contains("records another in-toto payload");
    assertThat(check(dsse, "transparency-log").detail()).contains("records another DSSE payload");
  }

  @Test
  void entryOfOtherEnvelopeBytesFails() {
    Envelope envelope = envelope(SIGNER, IMAGE);
    byte[] json = EnvelopeJson.write(envelope);
    byte[] reformatted =
        (new String(json, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);

    SignatureVerdict verdict =
        verifyKeyed(
            layer(json, dsseEntry(envelope, reformatted, keyPem(SIGNER), INTEGRATED)), true);

    assertThat(verdict.accepted()).isFalse();
    assertThat(check(verdict, "transparency-log").detail())
        .contains("records another DSSE envelope");
  }

  @Test
  void entryByAnotherKeyFails() {
    Envelope envelope = envelope(SIGNER, IMAGE);
    byte[] json = EnvelopeJson.write(envelope);
    String someoneElse = keyPem(SigningKey.generateEcP256());

    SignatureVerdict verdict =
        verifyKeyed(layer(json, intotoEntry(envelope, json, someoneElse, INTEGRATED)), true);

    assertThat(verdict.accepted()).isFalse();
    assertThat(check(verdict, "transparency-log").detail())
        .contains("records another signing key or certificate");
  }

  @Test
  void alteredIntegratedTimeFails() throws Exception {
    Envelope envelope = envelope(SIGNER, IMAGE);
    byte[] json = EnvelopeJson.write(envelope);
    ObjectNode annotation =
        (ObjectNode) JSON.readTree(intotoEntry(envelope, json, keyPem(SIGNER), INTEGRATED));
    ((ObjectNode) annotation.path("Payload")).put("integratedTime", INTEGRATED - 3600);

    SignatureVerdict verdict = verifyKeyed(layer(json, annotation.toString()), true);

    assertThat(verdict.accepted()).isFalse();
    assertThat(check(verdict, "transparency-log").detail())
        .contains("signed entry timestamp for entry 7 does not verify");
    assertThat(verdict.signedAt()).isNull();
  }

  @Test
  void missingEntryFailsUnlessTheLogIsNotRequired() {
    byte[] json = EnvelopeJson.write(envelope(SIGNER, IMAGE));

    SignatureVerdict required = verifyKeyed(layer(json, null), true);
    SignatureVerdict offline = verifyKeyed(layer(json, null), false);

    assertThat(required.accepted()).isFalse();
    assertThat(check(required, "transparency-log").detail())
        .contains("the attestation has no transparency log entry")
        .contains("--insecure-ignore-tlog");
    assertThat(offline.accepted()).as(offline.summary()).isTrue();
    assertThat(offline.signedAt()).isNull();
  }

  private static SignatureVerdict verifyKeyed(LegacySignature layer, boolean requireLog) {
    return AttestationVerifier.verifyLegacy(
            List.of(layer),
            IMAGE,
            List.of(SIGNER.publicKey()),
            null,
            LOG.root(),
            requireLog,
            PREDICATE)
        .getFirst()
        .verdict();
  }

  /** Keyless, with a checker that trusts any certificate: the identity policy is not the point. */
  private static SignatureVerdict verifyKeyless(LegacySignature layer, boolean requireLog) {
    CertificateChecker anyCertificate =
        chain ->
            new CertificateChecker.Result(
                new Signer(Signer.Kind.CERTIFICATE, "signer@provenant.test", null, Map.of()),
                List.of(Check.pass("certificate", "trusted by the test")));
    return AttestationVerifier.verifyLegacy(
            List.of(layer), IMAGE, List.of(), anyCertificate, LOG.root(), requireLog, PREDICATE)
        .getFirst()
        .verdict();
  }

  private static Check check(SignatureVerdict verdict, String name) {
    return verdict.checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " check in " + verdict.summary()));
  }

  private static Envelope envelope(SigningKey signer, Digest subject) {
    String statement =
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"image\","
            + "\"digest\":{\"sha256\":\""
            + subject.hex()
            + "\"}}],\"predicateType\":\""
            + PREDICATE
            + "\",\"predicate\":{}}";
    Envelope unsigned =
        new Envelope(
            InTotoStatement.PAYLOAD_TYPE, statement.getBytes(StandardCharsets.UTF_8), List.of());
    return new Envelope(
        unsigned.payloadType(),
        unsigned.payload(),
        List.of(new Envelope.Signature(signer.sign(unsigned.pae()), "")));
  }

  /** An intoto 0.0.2 entry logged under {@link #LOG}, as the bundle annotation. */
  private static String intotoEntry(
      Envelope envelope, byte[] envelopeJson, String signerPem, long integratedTime) {
    return LOG.annotation(intotoBody(envelope, envelopeJson, signerPem), integratedTime);
  }

  private static byte[] intotoBody(Envelope envelope, byte[] envelopeJson, String signerPem) {
    ObjectNode body = JSON.createObjectNode().put("apiVersion", "0.0.2").put("kind", "intoto");
    ObjectNode content = body.putObject("spec").putObject("content");
    ObjectNode logged = content.putObject("envelope").put("payloadType", envelope.payloadType());
    String sig = Base64.getEncoder().encodeToString(envelope.signatures().getFirst().sig());
    logged
        .putArray("signatures")
        .addObject()
        // base64 of the signature's base64 text, as Rekor stores it
        .put("sig", base64(sig.getBytes(StandardCharsets.US_ASCII)))
        .put("publicKey", base64(signerPem.getBytes(StandardCharsets.US_ASCII)));
    content.putObject("hash").put("algorithm", "sha256").put("value", sha256(envelopeJson));
    content
        .putObject("payloadHash")
        .put("algorithm", "sha256")
        .put("value", sha256(envelope.payload()));
    return bytes(body);
  }

  /** A dsse 0.0.1 entry logged under {@link #LOG}, as the bundle annotation. */
  private static String dsseEntry(
      Envelope envelope, byte[] envelopeJson, String signerPem, long integratedTime) {
    ObjectNode body = JSON.createObjectNode().put("apiVersion", "0.0.1").put("kind", "dsse");
    ObjectNode spec = body.putObject("spec");
    spec.putObject("envelopeHash").put("algorithm", "sha256").put("value", sha256(envelopeJson));
    spec.putObject("payloadHash")
        .put("algorithm", "sha256")
        .put("value", sha256(envelope.payload()));
    spec.putArray("signatures")
        .addObject()
        .put("signature", base64(envelope.signatures().getFirst().sig()))
        .put("verifier", base64(signerPem.getBytes(StandardCharsets.US_ASCII)));
    return LOG.annotation(bytes(body), integratedTime);
  }

  private static LegacySignature keylessLayer(byte[] envelopeJson, String rekorBundle) {
    return layer(
        envelopeJson, rekorBundle, Map.of(LegacySignature.CERTIFICATE_ANNOTATION, certificatePem));
  }

  private static LegacySignature layer(byte[] envelopeJson, String rekorBundle) {
    return layer(envelopeJson, rekorBundle, Map.of());
  }

  private static LegacySignature layer(
      byte[] envelopeJson, String rekorBundle, Map<String, String> more) {
    Map<String, String> annotations = new LinkedHashMap<>(more);
    annotations.put(LegacySignature.SIGNATURE_ANNOTATION, "");
    annotations.put(LegacyAttestations.PREDICATE_TYPE_ANNOTATION, PREDICATE);
    if (rekorBundle != null) {
      annotations.put(LegacySignature.BUNDLE_ANNOTATION, rekorBundle);
    }
    return SignatureFixtures.readLayer(
        "127.0.0.1:5000/app:sha256-" + IMAGE.hex() + ".att",
        "application/vnd.dsse.envelope.v1+json",
        envelopeJson,
        annotations);
  }

  private static String keyPem(SigningKey key) {
    return PublicKeys.toPem(key.publicKey());
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String sha256(byte[] data) {
    return Digest.sha256(data).hex();
  }

  private static byte[] bytes(ObjectNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }
}
