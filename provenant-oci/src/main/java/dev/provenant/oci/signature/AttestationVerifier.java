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
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Verifies the attestations stored with an image in both schemes, cosign's {@code .att} tag and
 * Sigstore bundle referrers: each is a DSSE envelope whose signature verifies (a key, or a
 * certificate for the required identity), whose in-toto statement names the image's digest, and
 * whose predicate type is the one asked for.
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
   * @param root the trusted root whose timestamp authorities vouch for a layer's RFC 3161 timestamp
   *     ({@code dev.sigstore.cosign/rfc3161timestamp}, over the envelope bytes)
   * @param requireLog whether a transparency log entry is required; a layer's log entry is not
   *     checked yet, so a required log rejects every layer (give false for {@code
   *     --insecure-ignore-tlog})
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
    Signer signer = Signer.unknown();
    byte[] pae = envelope.pae();
    X509Certificate[] leaf = new X509Certificate[1];
    if (checker == null) {
      signer = keySignature(envelope, pae, keys, layer, checks);
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
    evidenceChecks(layer, checker != null, leaf[0], root, requireLog, checks);
    return new VerifiedAttestation(
        new SignatureVerdict(layer.source(), signer, checks), found, statement);
  }

  /**
   * The layer's timestamp and log evidence. cosign timestamps an attestation's envelope bytes (its
   * signature annotation is empty) and logs it as a Rekor intoto/dsse entry, which Provenant does
   * not check yet: a keyless attestation is accepted on a verified timestamp inside its
   * certificate's validity, and only with {@code --insecure-ignore-tlog}, as cosign accepts a
   * timestamped signature without a log entry.
   *
   * @param leaf the signing certificate when it parsed, else null
   */
  private static void evidenceChecks(
      LegacySignature layer,
      boolean keyless,
      X509Certificate leaf,
      TrustedRoot root,
      boolean requireLog,
      List<Check> checks) {
    LegacyTimestamp.Result timestamp = LegacyTimestamp.check(layer, layer.payload(), root);
    if (timestamp != null) {
      checks.add(timestamp.check());
    }
    boolean logged = layer.rekorBundleJson().isPresent();
    if (!requireLog) {
      checks.add(
          Check.pass(
              "transparency-log",
              "not checked; accepted because --insecure-ignore-tlog was given"
                  + (logged ? "" : " (the attestation has no log entry)")));
    } else if (logged) {
      checks.add(
          Check.fail(
              "transparency-log",
              "the layer's Rekor entry ("
                  + LegacySignature.BUNDLE_ANNOTATION
                  + ") is not checked for .att attestations yet; give --insecure-ignore-tlog to"
                  + (keyless ? " rely on its RFC 3161 timestamp" : " accept it on its signature")));
    } else {
      checks.add(
          Check.fail(
              "transparency-log",
              "the attestation has no transparency log entry ("
                  + LegacySignature.BUNDLE_ANNOTATION
                  + "); if it was made without one on purpose, give --insecure-ignore-tlog"));
    }
    if (!keyless || leaf == null) {
      return;
    }
    if (timestamp == null) {
      checks.add(
          Check.fail(
              "signing-time",
              "no verified signing time: a keyless .att attestation needs an RFC 3161 timestamp ("
                  + LegacySignature.RFC3161_TIMESTAMP_ANNOTATION
                  + ") to show it was made while its certificate was valid"));
    } else if (timestamp.time() != null) {
      checks.add(LegacyTimestamp.signingTime("timestamped at", timestamp.time(), leaf));
    }
  }

  private static Signer keySignature(
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
          return Signer.key(fingerprint);
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
    return Signer.unknown();
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
