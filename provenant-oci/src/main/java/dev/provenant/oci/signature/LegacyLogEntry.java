package dev.provenant.oci.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.bundle.RekorEntryBody;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.Envelope;
import dev.provenant.core.keys.InvalidKeyException;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.tlog.SignedEntryTimestamp;
import dev.provenant.core.trust.TransparencyLog;
import dev.provenant.core.verification.Check;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Checks the Rekor evidence cosign attaches to a legacy layer, the {@code
 * dev.sigstore.cosign/bundle} annotation: {@code {"SignedEntryTimestamp": base64, "Payload":
 * {"body": base64, "integratedTime": n, "logIndex": n, "logID": hex}}}. The SET must be the trusted
 * log's signature over the payload, and the logged entry must record this layer: for a {@code .sig}
 * signature a {@code hashedrekord} of this signature over this payload's digest by this key, for an
 * {@code .att} attestation an {@code intoto} 0.0.2 or {@code dsse} 0.0.1 entry of this DSSE
 * envelope by this key (as cosign's {@code VerifyBundle} in pkg/cosign/verify.go).
 *
 * @see <a href="https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md">cosign
 *     SIGNATURE_SPEC, "Rekor bundle"</a>
 */
final class LegacyLogEntry {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = Check.TRANSPARENCY_LOG;

  private LegacyLogEntry() {}

  /**
   * The check, and the integration time when the entry was verified and passed: never when it was
   * not looked at ({@code --insecure-ignore-tlog}), since an unverified time proves nothing.
   */
  record Result(Check check, Instant integratedTime) {
    static Result unverified(Check check) {
      return new Result(check, null);
    }
  }

  /** What the logged entry must record: the body's mismatch in words, or null when it matches. */
  @FunctionalInterface
  private interface LoggedBody {
    String mismatch(byte[] body) throws IOException;
  }

  /**
   * @param signer the key the signature verified with, or null when it verified with none (the
   *     entry is then checked against no key and cannot pass)
   */
  static Check check(LegacySignature signature, PublicKey signer, TransparencyLogPolicy policy) {
    return checkKeyed(signature, signer, policy).check();
  }

  /** As {@link #check}, with the verified integration time. */
  static Result checkKeyed(
      LegacySignature signature, PublicKey signer, TransparencyLogPolicy policy) {
    return verify(
        signature,
        "signature",
        body -> hashedRekordMismatch(JSON.readTree(body), signature, signer, null),
        policy);
  }

  /**
   * Checks the entry of a keyless signature: the logged entry must hold {@code certificate}.
   *
   * @param certificate the signing certificate of the layer
   */
  static Result checkKeyless(
      LegacySignature signature, X509Certificate certificate, TransparencyLogPolicy policy) {
    return verify(
        signature,
        "signature",
        body ->
            hashedRekordMismatch(
                JSON.readTree(body), signature, certificate.getPublicKey(), certificate),
        policy);
  }

  /**
   * Checks the entry of an {@code .att} layer, whose blob is {@code envelope}'s JSON: the logged
   * entry must record that envelope (payload, signature and the blob's digest) by the signer.
   *
   * @param signer the key a DSSE signature verified with; null when keyless, or when none verified
   *     (the entry then cannot pass)
   * @param certificate the signing certificate of a keyless layer, else null
   */
  static Result checkAttestation(
      LegacySignature layer,
      Envelope envelope,
      PublicKey signer,
      X509Certificate certificate,
      TransparencyLogPolicy policy) {
    byte[] keyDer = signerDer(signer, certificate);
    return verify(
        layer,
        "attestation",
        body ->
            keyDer == null
                ? "it cannot be matched to a trusted signer: no DSSE signature verified"
                : RekorEntryBody.dsseMismatch(body, envelope, layer.payload(), keyDer),
        policy);
  }

  /** The DER a log entry records for the signer: the certificate when keyless, else the key. */
  private static byte[] signerDer(PublicKey signer, X509Certificate certificate) {
    try {
      return certificate != null
          ? certificate.getEncoded()
          : signer == null ? null : signer.getEncoded();
    } catch (CertificateEncodingException e) {
      return null;
    }
  }

  private static Result verify(
      LegacySignature layer, String what, LoggedBody logged, TransparencyLogPolicy policy) {
    String annotation = layer.rekorBundleJson().orElse(null);
    if (!policy.required()) {
      // As cosign's --insecure-ignore-tlog: the evidence is not looked at, present or not.
      return Result.unverified(
          Check.pass(
              NAME,
              "not checked: --insecure-ignore-tlog was given"
                  + (annotation == null ? " (the " + what + " has no log entry)" : "")));
    }
    return checkEntry(layer, what, logged, policy);
  }

  private static Result checkEntry(
      LegacySignature layer, String what, LoggedBody logged, TransparencyLogPolicy policy) {
    String annotation = layer.rekorBundleJson().orElse(null);
    if (annotation == null) {
      return failed(
          NAME,
          "the "
              + what
              + " has no transparency log entry ("
              + LegacySignature.BUNDLE_ANNOTATION
              + "); if it was signed offline on purpose, give --insecure-ignore-tlog");
    }
    try {
      JsonNode root = JSON.readTree(annotation);
      JsonNode payload = root.path("Payload");
      byte[] set = Base64.getDecoder().decode(root.path("SignedEntryTimestamp").asText());
      byte[] body = Base64.getDecoder().decode(payload.path("body").asText());
      long integratedTime = payload.path("integratedTime").asLong(-1);
      long logIndex = payload.path("logIndex").asLong(-1);
      byte[] logId = HexFormat.of().parseHex(payload.path("logID").asText());
      TransparencyLog log = policy.trustedRoot().tlog(logId).orElse(null);
      if (log == null) {
        return failed(
            NAME,
            "log entry "
                + logIndex
                + " is from log "
                + HexFormat.of().formatHex(logId)
                + ", which the trusted root does not trust: give the root it belongs to with"
                + " --trusted-root (public-good for Sigstore's public Rekor)");
      }
      if (!SignedEntryTimestamp.verify(
          log.publicKey(), set, body, integratedTime, logId, logIndex)) {
        return failed(
            NAME, "the log's signed entry timestamp for entry " + logIndex + " does not verify");
      }
      Instant integrated = Instant.ofEpochSecond(integratedTime);
      if (!log.validFor().contains(integrated)) {
        return failed(
            NAME,
            "entry "
                + logIndex
                + " was integrated at "
                + integrated
                + ", outside the log key's validity");
      }
      String mismatch = logged.mismatch(body);
      if (mismatch != null) {
        return failed(NAME, "log entry " + logIndex + ": " + mismatch);
      }
      // The SET signs the integration time: only now does it prove when the entry existed.
      return new Result(
          Check.pass(
              NAME, "logged as entry " + logIndex + " of " + log.host() + " at " + integrated),
          integrated);
    } catch (IOException | IllegalArgumentException e) {
      return failed(
          NAME,
          "the "
              + LegacySignature.BUNDLE_ANNOTATION
              + " annotation is malformed: "
              + e.getMessage());
    }
  }

  private static Result failed(String name, String detail) {
    return Result.unverified(Check.fail(name, detail));
  }

  private static String hashedRekordMismatch(
      JsonNode body, LegacySignature signature, PublicKey signer, X509Certificate certificate) {
    if (!"hashedrekord".equals(body.path("kind").asText())) {
      return "the entry is a " + body.path("kind").asText() + ", not a hashedrekord";
    }
    JsonNode spec = body.path("spec");
    String loggedHash = spec.path("data").path("hash").path("value").asText();
    String payloadHash = Digest.sha256(signature.payload()).hex();
    if (!payloadHash.equals(loggedHash)) {
      return "it records another payload (sha256:" + loggedHash + ")";
    }
    byte[] loggedSignature =
        Base64.getDecoder().decode(spec.path("signature").path("content").asText());
    byte[] layerSignature = Base64.getDecoder().decode(signature.base64Signature().orElse(""));
    if (!MessageDigest.isEqual(loggedSignature, layerSignature)) {
      return "it records another signature";
    }
    if (signer == null) {
      return "it cannot be matched to a trusted key: the signature verified with none";
    }
    String loggedKey =
        new String(
            Base64.getDecoder()
                .decode(spec.path("signature").path("publicKey").path("content").asText()),
            StandardCharsets.UTF_8);
    if (certificate != null) {
      // A keyless entry records the signing certificate (PEM), not a bare key.
      try {
        X509Certificate logged = Certificates.parsePem(loggedKey).getFirst();
        return Arrays.equals(logged.getEncoded(), certificate.getEncoded())
            ? null
            : "it records another certificate";
      } catch (java.security.cert.CertificateException | RuntimeException e) {
        return "its public key is not the signing certificate";
      }
    }
    try {
      PublicKey logged = PublicKeys.parsePem(loggedKey);
      if (!Arrays.equals(logged.getEncoded(), signer.getEncoded())) {
        return "it records another key (" + PublicKeys.fingerprint(logged) + ")";
      }
    } catch (InvalidKeyException e) {
      return "its public key is not a PEM public key (a certificate? verify keyless signatures by identity)";
    }
    return null;
  }
}
