package dev.provenant.core.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * A content-addressing hash algorithm that OCI registries and Provenant accept.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md#digests">OCI
 *     image-spec, digests</a>
 */
public enum DigestAlgorithm {
  SHA256("sha256", "SHA-256", 64),
  SHA512("sha512", "SHA-512", 128);

  private final String label;
  private final String jcaName;
  private final int hexLength;

  DigestAlgorithm(String label, String jcaName, int hexLength) {
    this.label = label;
    this.jcaName = jcaName;
    this.hexLength = hexLength;
  }

  /** The name used on the wire, before the colon of a digest: {@code sha256}. */
  public String label() {
    return label;
  }

  /** The number of lowercase hex characters an encoded digest of this algorithm has. */
  public int hexLength() {
    return hexLength;
  }

  /** A fresh hasher for this algorithm. */
  public MessageDigest newMessageDigest() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE runtime must provide SHA-256 and SHA-512.
      throw new IllegalStateException(jcaName + " is missing from this Java runtime", e);
    }
  }

  /**
   * Looks up an algorithm by its wire label, case-insensitively.
   *
   * @throws InvalidDigestException if the label names no supported algorithm
   */
  public static DigestAlgorithm fromLabel(String label) throws InvalidDigestException {
    String wanted = label.toLowerCase(Locale.ROOT);
    for (DigestAlgorithm algorithm : values()) {
      if (algorithm.label.equals(wanted)) {
        return algorithm;
      }
    }
    throw new InvalidDigestException(
        "unsupported digest algorithm '" + label + "': use sha256 or sha512");
  }

  @Override
  public String toString() {
    return label;
  }
}
