package dev.provenant.oci.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.timestamp.Rfc3161Verifier;
import dev.provenant.core.timestamp.TimestampException;
import dev.provenant.core.trust.CertificateAuthority;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.core.verification.Check;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Writes and checks the RFC 3161 timestamp cosign attaches to a legacy layer, the {@code
 * dev.sigstore.cosign/rfc3161timestamp} annotation: {@code {"SignedRFC3161Timestamp": base64 DER
 * TimeStampResp}}.
 *
 * <p>What is timestamped follows cosign's {@code VerifyRFC3161Timestamp} (pkg/cosign/verify.go):
 * for a {@code .sig} layer the raw signature bytes (the base64 annotation decoded), for an {@code
 * .att} layer, whose signature annotation is empty, the layer blob itself (the DSSE envelope JSON).
 *
 * @see <a href="https://github.com/sigstore/cosign/blob/main/pkg/cosign/bundle/tsa.go">cosign
 *     RFC3161Timestamp</a>
 */
final class LegacyTimestamp {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String NAME = "timestamp";

  private LegacyTimestamp() {}

  /** The check, and the verified time when it passed. */
  record Result(Check check, Instant time) {}

  /** The annotation value for a DER {@code TimeStampResp}. */
  static String annotation(byte[] timestampResponse) {
    ObjectNode root = JSON.createObjectNode();
    root.put("SignedRFC3161Timestamp", Base64.getEncoder().encodeToString(timestampResponse));
    return root.toString();
  }

  /**
   * Checks the layer's timestamp over {@code timestamped} against the trusted root's timestamp
   * authorities; null when the layer has no timestamp.
   */
  static Result check(LegacySignature layer, byte[] timestamped, TrustedRoot root) {
    String annotation = layer.rfc3161TimestampJson().orElse(null);
    if (annotation == null) {
      return null;
    }
    byte[] token;
    try {
      JsonNode node = JSON.readTree(annotation).path("SignedRFC3161Timestamp");
      if (!node.isTextual()) {
        return failed("it has no SignedRFC3161Timestamp");
      }
      token = Base64.getDecoder().decode(node.asText());
    } catch (IOException | IllegalArgumentException e) {
      return failed("it is not JSON with a base64 SignedRFC3161Timestamp: " + e.getMessage());
    }
    List<CertificateAuthority> authorities = root.timestampAuthorities();
    try {
      Rfc3161Verifier.VerifiedTimestamp verified =
          Rfc3161Verifier.verify(token, timestamped, authorities);
      return new Result(
          Check.pass(
              NAME, "timestamped at " + verified.time() + " by " + verified.authority().subject()),
          verified.time());
    } catch (TimestampException e) {
      return failed(e.getMessage());
    }
  }

  /** The signing-time check for a verified time and the signing certificate. */
  static Check signingTime(String how, Instant time, X509Certificate leaf) {
    boolean within =
        !time.isBefore(leaf.getNotBefore().toInstant())
            && !time.isAfter(leaf.getNotAfter().toInstant());
    return within
        ? Check.pass("signing-time", how + " " + time + ", within the certificate's validity")
        : Check.fail(
            "signing-time",
            how
                + " "
                + time
                + ", outside the certificate's validity "
                + leaf.getNotBefore().toInstant()
                + " to "
                + leaf.getNotAfter().toInstant());
  }

  private static Result failed(String why) {
    return new Result(
        Check.fail(
            NAME, "the " + LegacySignature.RFC3161_TIMESTAMP_ANNOTATION + " annotation: " + why),
        null);
  }
}
