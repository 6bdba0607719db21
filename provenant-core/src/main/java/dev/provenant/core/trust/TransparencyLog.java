package dev.provenant.core.trust;

import java.net.URI;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A transparency log (Rekor) or certificate-transparency log the trusted root vouches for: its
 * signing key, the key's validity, and its log ID (SHA-256 of the key's DER SubjectPublicKeyInfo
 * for Rekor v1; a C2SP signed-note key ID for Rekor v2).
 */
public record TransparencyLog(
    URI baseUrl, PublicKey publicKey, String keyDetails, byte[] logId, ValidityPeriod validFor) {
  public TransparencyLog {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(logId, "logId");
    Objects.requireNonNull(validFor, "validFor");
    logId = logId.clone();
  }

  @Override
  public byte[] logId() {
    return logId.clone();
  }

  public boolean hasLogId(byte[] id) {
    return Arrays.equals(logId, id);
  }

  /**
   * The log's host name with its port if it has one ({@code rekor.sigstore.dev}, {@code
   * localhost:8000}): the name its checkpoint signature lines carry.
   */
  public String host() {
    return baseUrl.getAuthority() != null ? baseUrl.getAuthority() : baseUrl.toString();
  }

  public String logIdHex() {
    return HexFormat.of().formatHex(logId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransparencyLog other
        && baseUrl.equals(other.baseUrl)
        && Arrays.equals(logId, other.logId);
  }

  @Override
  public int hashCode() {
    return 31 * baseUrl.hashCode() + Arrays.hashCode(logId);
  }

  @Override
  public String toString() {
    return "TransparencyLog[" + baseUrl + ", logId " + logIdHex() + ", " + validFor + "]";
  }
}
