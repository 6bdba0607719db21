package dev.provenant.oci.signature;

import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleParseException;
import dev.provenant.core.bundle.BundleParser;
import dev.provenant.core.bundle.BundleVerifier;
import dev.provenant.core.bundle.CertificateChecker;
import dev.provenant.core.bundle.VerificationKey;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.Envelope;
import dev.provenant.core.dsse.EnvelopeJson;
import dev.provenant.core.dsse.InTotoStatement;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SignatureVerifier;
import dev.provenant.core.signature.ImageSignatureStatement;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.Signer;
import dev.provenant.core.verification.SigningTimes;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Verifies the attestations stored with an image in both schemes, cosign's {@code .att} tag and
 * Sigstore bundle referrers: each is a DSSE envelope whose signature verifies (a key, or a
 * certificate for the required identity), whose in-toto statement names the image's digest, whose
 * predicate type is the one asked for, and whose transparency log evidence holds: a bundle's own
 * entries, or the Rekor entry and SET cosign annotates an {@code .att} layer with.
 *
 * <p>Which attestations are examined is chosen by their unauthenticated predicate type annotation:
 * with a type, those annotated with another are skipped; without, bundles annotated as image
 * signatures ({@link ImageSignatureStatement#PREDICATE_TYPE}) are skipped, since {@code verify}
 * checks those. An attestation so selected is still checked against its signed statement.
 */
public final class AttestationVerifier {
  private AttestationVerifier() {}

  /**
   * Verifies legacy {@code .att} layers ({@link LegacyAttestations#read}).
   *
   * @param keys the trusted keys; empty when {@code checker} is given
   * @param checker the keyless identity policy; null to verify with {@code keys}
   * @param root the trusted root whose transparency logs vouch for a layer's Rekor entry ({@code
   *     dev.sigstore.cosign/bundle}) and whose timestamp authorities vouch for its RFC 3161
   *     timestamp ({@code dev.sigstore.cosign/rfc3161timestamp}, over the envelope bytes)
   * @param requireLog whether a transparency log entry is required (false for {@code
   *     --insecure-ignore-tlog}: a keyed layer's entry is then not looked at, a keyless layer's is
   *     still checked when present)
   * @param predicateType the type to select and require, or null for every type
   */
  public static List<VerifiedAttestation> verifyLegacy(
      List<LegacySignature> layers,
      Digest image,
      List<PublicKey> keys,
      CertificateChecker checker,
      TrustedRoot root,
      boolean requireLog,
      String predicateType) {
    if (keys.isEmpty() == (checker == null)) {
      throw new IllegalArgumentException("give keys or an identity checker, not both or neither");
    }
    List<VerifiedAttestation> verified = new ArrayList<>();
    for (LegacySignature layer : layers) {
      String annotated = layer.annotations().get(LegacyAttestations.PREDICATE_TYPE_ANNOTATION);
      if (predicateType != null && annotated != null && !annotated.equals(predicateType)) {
        continue;
      }
      verified.add(legacy(layer, image, keys, checker, root, requireLog, predicateType));
    }
    return verified;
  }

  /**
   * Verifies bundle referrers ({@link BundleAttachments#list}).
   *
   * @param predicateType the type to select and require, or null for every attestation type
   */
  public static List<VerifiedAttestation> verifyBundles(
      List<StoredBundle> bundles,
      Digest image,
      BundleVerifier verifier,
      List<VerificationKey> keys,
      String predicateType) {
    List<VerifiedAttestation> verified = new ArrayList<>();
    for (StoredBundle stored : bundles) {
      String annotated = stored.annotations().get(BundleAttachments.PREDICATE_TYPE_ANNOTATION);
      if (annotated != null
          && (predicateType != null
              ? !annotated.equals(predicateType)
              : annotated.equals(ImageSignatureStatement.PREDICATE_TYPE))) {
        continue;
      }
      SignatureVerdict verdict =
          BundleSignatureVerifier.verify(List.of(stored), image, verifier, keys, predicateType)
              .getFirst();
      byte[] statement = null;
      String found = null;
      if (stored.bundleJson() != null) {
        try {
          Bundle bundle = BundleParser.parse(stored.bundleJson());
          if (bundle.dsse().isPresent()) {
            statement = bundle.dsse().get().payload();
            found = statementType(statement);
          }
        } catch (BundleParseException e) {
          // The verdict already says why.
        }
      }
      if (predicateType == null && ImageSignatureStatement.PREDICATE_TYPE.equals(found)) {
        continue; // an image signature whose annotation was lost: verify's business
      }
      verified.add(new VerifiedAttestation(verdict, found, statement));
    }
    return verified;
  }

  private static VerifiedAttestation legacy(
      LegacySignature layer,
      Digest image,
      List<PublicKey> keys,
      CertificateChecker checker,
      TrustedRoot root,
      boolean requireLog,
      String predicateType) {
    if (layer.payload() == null) {
      return rejected(layer, Check.fail("envelope", layer.payloadProblem()));
    }
    Envelope envelope;
    try {
      envelope = EnvelopeJson.parse(layer.payload());
    } catch (IllegalArgumentException e) {
      return rejected(layer, Check.fail("envelope", e.getMessage()));
    }
    List<Check> checks = new ArrayList<>();
    checks.add(Check.pass("envelope", "DSSE envelope of " + envelope.payloadType()));
    Signer signer;
    byte[] pae = envelope.pae();
    PublicKey key = null;
    X509Certificate[] leaf = new X509Certificate[1];
    if (checker == null) {
      key = keySignature(envelope, pae, keys, layer, checks);
      signer = key == null ? Signer.unknown() : Signer.key(PublicKeys.fingerprint(key));
    } else {
      signer = certificateSignature(envelope, pae, checker, layer, checks, leaf);
    }
    byte[] statement = envelope.payload();
    String found = null;
    if (!InTotoStatement.PAYLOAD_TYPE.equals(envelope.payloadType())) {
      checks.add(
          Check.fail(
              "subject-digest",
              "the envelope's payload type is "
                  + envelope.payloadType()
                  + ", not "
                  + InTotoStatement.PAYLOAD_TYPE));
      statement = null;
    } else {
      try {
        InTotoStatement parsed = InTotoStatement.parse(statement);
        found = parsed.predicateType();
        checks.add(subjectCheck(parsed, image));
        checks.add(
            found.isEmpty()
                ? Check.fail("predicate-type", "the statement has no predicateType")
                : predicateType == null || predicateType.equals(found)
                    ? Check.pass("predicate-type", "predicate type " + found)
                    : Check.fail(
                        "predicate-type",
                        "predicate type is " + found + ", expected " + predicateType));
      } catch (IllegalArgumentException e) {
        checks.add(Check.fail("subject-digest", e.getMessage()));
        statement = null;
      }
    }
    Instant signedAt =
        evidenceChecks(layer, envelope, key, checker != null, leaf[0], root, requireLog, checks);
    return new VerifiedAttestation(
        new SignatureVerdict(layer.source(), signer, checks, signedAt), found, statement);
  }

  /**
   * The layer's timestamp and log evidence. cosign timestamps an attestation's envelope bytes (its
   * signature annotation is empty) and logs it as a Rekor {@code intoto} 0.0.2 or {@code dsse}
   * 0.0.1 entry, which must record this envelope by this signer under a SET from a trusted log
   * ({@link LegacyLogEntry#checkAttestation}). As for {@code .sig} signatures: a keyless layer
   * needs a verified time inside its certificate's validity, the entry's integration time or the
   * timestamp, and its entry is checked whenever it has one; a keyed layer's entry is not looked at
   * with {@code --insecure-ignore-tlog}.
   *
   * @param key the key a DSSE signature verified with, or null
   * @param leaf the signing certificate when it parsed, else null
   * @return the earliest verified time (timestamp or log integration), or null; never the
   *     statement's own dates, which the signer wrote
   */
  private static Instant evidenceChecks(
      LegacySignature layer,
      Envelope envelope,
      PublicKey key,
      boolean keyless,
      X509Certificate leaf,
      TrustedRoot root,
      boolean requireLog,
      List<Check> checks) {
    TransparencyLogPolicy policy = new TransparencyLogPolicy(root, requireLog);
    if (keyless && leaf != null) {
      return KeylessSigningTime.check(
          layer,
          layer.payload(),
          leaf,
          policy,
          p -> LegacyLogEntry.checkAttestation(layer, envelope, null, leaf, p),
          checks);
    }
    LegacyTimestamp.Result timestamp = LegacyTimestamp.check(layer, layer.payload(), root);
    Instant signedAt = null;
    if (timestamp != null) {
      checks.add(timestamp.check());
      signedAt = timestamp.time();
    }
    LegacyLogEntry.Result log = LegacyLogEntry.checkAttestation(layer, envelope, key, null, policy);
    checks.add(log.check());
    return SigningTimes.earliest(signedAt, log.integratedTime());
  }

  /** The key a DSSE signature verifies with, or null (with a failed check). */
  private static PublicKey keySignature(
      Envelope envelope,
      byte[] pae,
      List<PublicKey> keys,
      LegacySignature layer,
      List<Check> checks) {
    for (PublicKey key : keys) {
      for (Envelope.Signature signature : envelope.signatures()) {
        if (SignatureVerifier.verify(key, pae, signature.sig())) {
          String fingerprint = PublicKeys.fingerprint(key);
          checks.add(Check.pass("signature", "DSSE signature valid for key " + fingerprint));
          return key;
        }
      }
    }
    String tried = keys.stream().map(PublicKeys::fingerprint).collect(Collectors.joining(", "));
    checks.add(
        Check.fail(
            "signature",
            "no DSSE signature verifies with "
                + (keys.size() == 1 ? "the key " : "any of the keys ")
                + tried
                + (layer.certificatePem().isPresent()
                    ? "; the layer carries a certificate: verify it by identity and issuer"
                    : "")));
    return null;
  }

  private static Signer certificateSignature(
      Envelope envelope,
      byte[] pae,
      CertificateChecker checker,
      LegacySignature layer,
      List<Check> checks,
      X509Certificate[] leafOut) {
    if (layer.certificatePem().isEmpty()) {
      checks.add(
          Check.fail(
              "signing-key",
              "the layer has no certificate: it is signed with a key; verify it with --key"));
      return Signer.unknown();
    }
    X509Certificate leaf;
    try {
      leaf = Certificates.parsePem(layer.certificatePem().get()).getFirst();
    } catch (CertificateException | RuntimeException e) {
      checks.add(
          Check.fail("certificate", "the layer's certificate does not parse: " + e.getMessage()));
      return Signer.unknown();
    }
    leafOut[0] = leaf;
    CertificateChecker.Result result = checker.check(List.of(leaf));
    checks.addAll(result.checks());
    boolean valid =
        envelope.signatures().stream()
            .anyMatch(s -> SignatureVerifier.verify(leaf.getPublicKey(), pae, s.sig()));
    checks.add(
        valid
            ? Check.pass("signature", "DSSE signature valid for the certificate's key")
            : Check.fail("signature", "no DSSE signature verifies with the certificate's key"));
    return result.signer();
  }

  private static Check subjectCheck(InTotoStatement statement, Digest image) {
    if (statement.hasSubject(image)) {
      return Check.pass("subject-digest", "the statement names " + image);
    }
    String named =
        statement.subjects().stream()
            .flatMap(s -> s.digests().entrySet().stream())
            .map(e -> e.getKey() + ":" + e.getValue())
            .collect(Collectors.joining(", "));
    return Check.fail(
        "subject-digest",
        "the statement names "
            + (named.isEmpty() ? "no digest" : named)
            + ", the image is "
            + image
            + ": it attests another artifact");
  }

  private static String statementType(byte[] statement) {
    try {
      String type = InTotoStatement.parse(statement).predicateType();
      return type.isEmpty() ? null : type;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static VerifiedAttestation rejected(LegacySignature layer, Check check) {
    return new VerifiedAttestation(
        new SignatureVerdict(layer.source(), Signer.unknown(), List.of(check)), null, null);
  }
}
