package dev.provenant.oci.signature;

import dev.provenant.core.bundle.CertificateChecker;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SignatureVerifier;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.reference.InvalidReferenceException;
import dev.provenant.core.signature.InvalidPayloadException;
import dev.provenant.core.signature.SimpleSigningPayload;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.Signer;
import dev.provenant.core.verification.SigningTimes;
import dev.provenant.core.verification.VerificationReport;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.registry.RegistryClient;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Verifies an image's cosign tag-scheme signatures with public keys ({@code cosign verify --key}):
 * one verdict per layer of its {@code sha256-<hex>.sig} manifest.
 *
 * <p>Each verdict checks, in order: {@code signature} (the layer's base64 signature verifies over
 * the payload bytes with one of the keys, named by fingerprint), {@code payload} (the bytes are a
 * cosign simple signing payload) and {@code payload-digest} (it names the image's digest). When the
 * payload blob cannot be read the verdict has the one failed {@code payload} check that says why.
 * The image is verified when one verdict is accepted.
 *
 * <p>Cost: the {@code .sig} manifest is read once and each distinct payload once; the keys are
 * tried locally. A keyless layer (with a certificate) is checked against the keys like any other,
 * as {@code cosign verify --key} does, and rejected with a pointer to identity verification when no
 * key matches.
 */
public final class LegacyVerifier {
  private LegacyVerifier() {}

  /**
   * Verifies the signatures of {@code image} at digest {@code resolved}.
   *
   * @param client a client of the signature repository's registry
   * @param image the image as the user named it (used for the report and the default signature
   *     repository)
   * @param resolved the digest the image was resolved to; signatures must name exactly it
   * @param keys the trusted public keys; at least one
   * @param signatureRepository {@code COSIGN_REPOSITORY}, or null for the image's repository
   * @return the report; without a {@code .sig} tag it has no verdicts and is not verified
   * @throws ImageAccessException when the registry cannot be read: fail closed
   * @throws InvalidReferenceException when {@code signatureRepository} is not a repository name
   */
  public static VerificationReport verify(
      RegistryClient client,
      ImageReference image,
      Digest resolved,
      List<PublicKey> keys,
      String signatureRepository)
      throws ImageAccessException, InvalidReferenceException {
    return verify(client, image, resolved, keys, signatureRepository, null);
  }

  /**
   * Like {@link #verify(RegistryClient, ImageReference, Digest, List, String)}, and also checks
   * each signature's transparency log evidence (its {@code dev.sigstore.cosign/bundle} annotation:
   * the Rekor SET against {@code logPolicy}'s trusted root, and that the logged entry is this
   * signature of this payload by this key). The form without a policy checks signatures and
   * payloads only; a caller that enforces (the CLI) passes a policy.
   */
  public static VerificationReport verify(
      RegistryClient client,
      ImageReference image,
      Digest resolved,
      List<PublicKey> keys,
      String signatureRepository,
      TransparencyLogPolicy logPolicy)
      throws ImageAccessException, InvalidReferenceException {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(resolved, "resolved");
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException("give at least one public key to verify with");
    }
    ImageReference signatureTag =
        CosignTags.signatureReference(image, resolved, signatureRepository);
    List<LegacySignature> signatures =
        LegacySignatures.read(client, signatureTag, image.withDigest(resolved));
    return new VerificationReport(
        image.withDigest(resolved).toString(), verdicts(signatures, resolved, keys, logPolicy));
  }

  /**
   * The verdicts on layers already read ({@link LegacySignatures#read}) with keys: a caller that
   * checks the same layers against several authorities reads them once.
   *
   * @param logPolicy the transparency log requirement, or null to check signatures and payloads
   *     only
   */
  public static List<SignatureVerdict> verdicts(
      List<LegacySignature> signatures,
      Digest resolved,
      List<PublicKey> keys,
      TransparencyLogPolicy logPolicy) {
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException("give at least one public key to verify with");
    }
    List<TrustedKey> trusted =
        keys.stream().map(k -> new TrustedKey(k, PublicKeys.fingerprint(k))).toList();
    List<SignatureVerdict> verdicts = new ArrayList<>(signatures.size());
    for (LegacySignature signature : signatures) {
      verdicts.add(verdict(signature, resolved, trusted, logPolicy));
    }
    return verdicts;
  }

  /** The keyless verdicts on layers already read; see {@link #verifyKeyless}. */
  public static List<SignatureVerdict> keylessVerdicts(
      List<LegacySignature> signatures,
      Digest resolved,
      CertificateChecker checker,
      TransparencyLogPolicy logPolicy) {
    List<SignatureVerdict> verdicts = new ArrayList<>(signatures.size());
    for (LegacySignature signature : signatures) {
      verdicts.add(keylessVerdict(signature, resolved, checker, logPolicy));
    }
    return verdicts;
  }

  /**
   * Verifies keyless signatures in the legacy layout, as cosign v2 wrote them: the layer carries
   * the signing certificate ({@code dev.sigstore.cosign/certificate}, with the chain above it in
   * {@code dev.sigstore.cosign/chain}) and the Rekor entry ({@code dev.sigstore.cosign/bundle}).
   * Each layer's certificate must satisfy {@code checker} (chain to a trusted CA, identity,
   * issuer), its key must verify the signature over the payload, the payload must name {@code
   * resolved}, and it must have been made while the certificate was valid: by its Rekor entry's
   * integration time, or by an RFC 3161 timestamp ({@code dev.sigstore.cosign/rfc3161timestamp},
   * verified against the trusted root's timestamp authorities). A signature without a Rekor entry
   * is accepted only when {@code logPolicy} does not require one ({@code --insecure-ignore-tlog}).
   */
  public static VerificationReport verifyKeyless(
      RegistryClient client,
      ImageReference image,
      Digest resolved,
      CertificateChecker checker,
      String signatureRepository,
      TransparencyLogPolicy logPolicy)
      throws ImageAccessException, InvalidReferenceException {
    ImageReference signatureTag =
        CosignTags.signatureReference(image, resolved, signatureRepository);
    return new VerificationReport(
        image.withDigest(resolved).toString(),
        keylessVerdicts(
            LegacySignatures.read(client, signatureTag, image.withDigest(resolved)),
            resolved,
            checker,
            logPolicy));
  }

  private static SignatureVerdict keylessVerdict(
      LegacySignature signature,
      Digest resolved,
      CertificateChecker checker,
      TransparencyLogPolicy logPolicy) {
    if (signature.payload() == null) {
      return new SignatureVerdict(
          signature.source(),
          Signer.unknown(),
          List.of(Check.fail("payload", signature.payloadProblem())));
    }
    if (signature.certificatePem().isEmpty()) {
      return new SignatureVerdict(
          signature.source(),
          Signer.unknown(),
          List.of(
              Check.fail(
                  "signing-key",
                  "the layer has no certificate: it is a key signature; verify it with --key")));
    }
    List<X509Certificate> chain = new ArrayList<>();
    try {
      // Only the leaf: the path to a trusted CA is built from the trusted root, never from the
      // chain annotation, which cosign fills with the intermediate and the root it was issued
      // under (and which a forger could fill with anything).
      chain.add(Certificates.parsePem(signature.certificatePem().get()).getFirst());
    } catch (CertificateException e) {
      return new SignatureVerdict(
          signature.source(),
          Signer.unknown(),
          List.of(
              Check.fail(
                  "certificate", "the layer's certificate does not parse: " + e.getMessage())));
    }
    X509Certificate leaf = chain.getFirst();
    CertificateChecker.Result certificate = checker.check(chain);
    List<Check> checks = new ArrayList<>(certificate.checks());
    byte[] signatureBytes;
    try {
      signatureBytes = Base64.getDecoder().decode(signature.base64Signature().orElse(""));
    } catch (IllegalArgumentException e) {
      signatureBytes = new byte[0];
    }
    checks.add(
        signatureBytes.length > 0
                && SignatureVerifier.verify(
                    leaf.getPublicKey(), signature.payload(), signatureBytes)
            ? Check.pass("signature", "signature valid for the certificate's key")
            : Check.fail("signature", "the signature does not verify with the certificate's key"));
    payloadChecks(signature, resolved, checks);
    // cosign timestamps a .sig layer's raw signature bytes.
    Instant signedAt =
        KeylessSigningTime.check(
            signature,
            signatureBytes,
            leaf,
            logPolicy,
            policy -> LegacyLogEntry.checkKeyless(signature, leaf, policy),
            checks);
    return new SignatureVerdict(signature.source(), certificate.signer(), checks, signedAt);
  }

  private record TrustedKey(PublicKey key, String fingerprint) {}

  private static SignatureVerdict verdict(
      LegacySignature signature,
      Digest resolved,
      List<TrustedKey> keys,
      TransparencyLogPolicy logPolicy) {
    if (signature.payload() == null) {
      return new SignatureVerdict(
          signature.source(),
          Signer.unknown(),
          List.of(Check.fail("payload", signature.payloadProblem())));
    }
    List<Check> checks = new ArrayList<>(3);
    TrustedKey signer = signatureCheck(signature, keys, checks);
    payloadChecks(signature, resolved, checks);
    Instant signedAt = null;
    if (logPolicy != null) {
      signedAt = timestampTime(signature, logPolicy, checks);
      LegacyLogEntry.Result log =
          LegacyLogEntry.checkKeyed(signature, signer == null ? null : signer.key(), logPolicy);
      checks.add(log.check());
      signedAt = SigningTimes.earliest(signedAt, log.integratedTime());
    }
    return new SignatureVerdict(
        signature.source(),
        signer == null ? Signer.unknown() : Signer.key(signer.fingerprint()),
        checks,
        signedAt);
  }

  /**
   * Checks a key signature's RFC 3161 timestamp when the layer has one (cosign timestamps the raw
   * signature bytes), as an {@code .att} layer's is checked: a timestamp that is there must verify,
   * and then it proves when the signature existed.
   *
   * @return the verified time, or null
   */
  private static Instant timestampTime(
      LegacySignature signature, TransparencyLogPolicy logPolicy, List<Check> checks) {
    byte[] signatureBytes;
    try {
      signatureBytes = Base64.getDecoder().decode(signature.base64Signature().orElse(""));
    } catch (IllegalArgumentException e) {
      return null; // the signature check already says why
    }
    LegacyTimestamp.Result timestamp =
        LegacyTimestamp.check(signature, signatureBytes, logPolicy.trustedRoot());
    if (timestamp == null) {
      return null;
    }
    checks.add(timestamp.check());
    return timestamp.time();
  }

  private static TrustedKey signatureCheck(
      LegacySignature signature, List<TrustedKey> keys, List<Check> checks) {
    String base64 = signature.base64Signature().orElse("");
    if (base64.isEmpty()) {
      checks.add(
          Check.fail(
              "signature",
              "the layer has no " + LegacySignature.SIGNATURE_ANNOTATION + " annotation"));
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      checks.add(
          Check.fail(
              "signature",
              "the " + LegacySignature.SIGNATURE_ANNOTATION + " annotation is not valid base64"));
      return null;
    }
    for (TrustedKey key : keys) {
      if (SignatureVerifier.verify(key.key(), signature.payload(), bytes)) {
        checks.add(Check.pass("signature", "signature valid for key " + key.fingerprint()));
        return key;
      }
    }
    String tried =
        keys.size() == 1
            ? "the key " + keys.get(0).fingerprint()
            : "any of the "
                + keys.size()
                + " keys ("
                + keys.stream().map(TrustedKey::fingerprint).collect(Collectors.joining(", "))
                + ")";
    String detail = "the signature does not verify with " + tried;
    if (signature.certificatePem().isPresent()) {
      detail +=
          "; the layer carries a certificate: it is a keyless signature, verify it by identity"
              + " and issuer (--certificate-identity, --certificate-oidc-issuer), not with --key";
    }
    checks.add(Check.fail("signature", detail));
    return null;
  }

  /** The payload is a strict cosign simple-signing document naming exactly {@code resolved}. */
  private static void payloadChecks(
      LegacySignature signature, Digest resolved, List<Check> checks) {
    SimpleSigningPayload payload = payloadCheck(signature, checks);
    if (payload != null) {
      Digest named = payload.dockerManifestDigest();
      String detail = "payload names " + named + ", the image is " + resolved;
      checks.add(
          named.equals(resolved)
              ? Check.pass("payload-digest", detail)
              : Check.fail("payload-digest", detail));
    }
  }

  private static SimpleSigningPayload payloadCheck(LegacySignature signature, List<Check> checks) {
    String mediaType = signature.descriptor().mediaType();
    if (!mediaType.equals(SimpleSigningPayload.MEDIA_TYPE)) {
      checks.add(
          Check.fail(
              "payload",
              "the layer's media type is "
                  + mediaType
                  + ", not "
                  + SimpleSigningPayload.MEDIA_TYPE
                  + ": it is not a cosign image signature"));
      return null;
    }
    try {
      SimpleSigningPayload payload = SimpleSigningPayload.parse(signature.payload());
      checks.add(
          Check.pass(
              "payload",
              "cosign simple signing payload, docker-reference " + payload.dockerReference()));
      return payload;
    } catch (InvalidPayloadException e) {
      checks.add(Check.fail("payload", e.getMessage()));
      return null;
    }
  }
}
