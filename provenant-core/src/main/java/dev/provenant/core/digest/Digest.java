package dev.provenant.core.digest;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest: an algorithm and the lowercase hex encoding of a hash, written {@code
 * sha256:<64 hex>}. Two digests are equal when both parts are.
 *
 * <p>Parsing is strict: the OCI image-spec allows other algorithms and encodings in the grammar,
 * but registries in practice accept only sha256 and sha512 in lowercase hex, and a digest is a
 * security claim, so anything else is refused rather than normalised.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md#digests">OCI
 *     image-spec, digests</a>
 */
public record Digest(DigestAlgorithm algorithm, String hex) {

  private static final HexFormat HEX = HexFormat.of();

  /** Validates that {@code hex} is lowercase hex of the algorithm's length. */
  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    String problem = hexProblem(algorithm, hex);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * Parses {@code algorithm:hex}.
   *
   * @throws InvalidDigestException naming what is wrong with the text
   */
  public static Digest parse(String text) throws InvalidDigestException {
    Objects.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new InvalidDigestException(
          "invalid digest '"
              + text
              + "': expected algorithm:hex, such as sha256:<64 hex characters>");
    }
    DigestAlgorithm algorithm;
    try {
      algorithm = DigestAlgorithm.fromLabel(text.substring(0, colon));
    } catch (InvalidDigestException e) {
      throw new InvalidDigestException("invalid digest '" + text + "': " + e.getMessage());
    }
    if (!text.substring(0, colon).equals(algorithm.label())) {
      throw new InvalidDigestException(
          "invalid digest '" + text + "': algorithm must be lowercase '" + algorithm.label() + "'");
    }
    String hex = text.substring(colon + 1);
    String problem = hexProblem(algorithm, hex);
    if (problem != null) {
      throw new InvalidDigestException("invalid digest '" + text + "': " + problem);
    }
    return new Digest(algorithm, hex);
  }

  /** The digest of a hash value that was computed with {@code algorithm}. */
  public static Digest of(DigestAlgorithm algorithm, byte[] hash) {
    return new Digest(algorithm, HEX.formatHex(hash));
  }

  /** Hashes {@code content} with sha256. */
  public static Digest sha256(byte[] content) {
    return compute(DigestAlgorithm.SHA256, content);
  }

  /** Hashes {@code content} with {@code algorithm}. */
  public static Digest compute(DigestAlgorithm algorithm, byte[] content) {
    return of(algorithm, algorithm.newMessageDigest().digest(content));
  }

  /** Whether {@code content} hashes to this digest. */
  public boolean matches(byte[] content) {
    return equals(compute(algorithm, content));
  }

  /** The hash value as bytes. */
  public byte[] hashBytes() {
    return HEX.parseHex(hex);
  }

  /** The wire form, {@code sha256:<hex>}. */
  @Override
  public String toString() {
    return algorithm.label() + ":" + hex;
  }

  private static String hexProblem(DigestAlgorithm algorithm, String hex) {
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      boolean lowerHex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!lowerHex) {
        return "character '" + c + "' at position " + (i + 1) + " of the hex is not lowercase hex";
      }
    }
    if (hex.length() != algorithm.hexLength()) {
      return algorithm.label()
          + " needs "
          + algorithm.hexLength()
          + " hex characters, got "
          + hex.length();
    }
    return null;
  }
}
