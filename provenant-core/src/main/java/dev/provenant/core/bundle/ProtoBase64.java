package dev.provenant.core.bundle;

import java.util.Base64;

/**
 * Decodes {@code bytes} fields the way protobuf-JSON readers do: standard or URL-safe alphabet,
 * padding optional, and line breaks ignored — Go's decoder (behind protojson, which cosign and
 * sigstore-go use) skips {@code \r} and {@code \n}, and real bundles carry {@code base64}-wrapped
 * timestamps (sigstore-conformance's {@code rekor2-timestamp-with-incorrect-time} does). Anything
 * else outside the alphabet is an error.
 */
final class ProtoBase64 {
  private ProtoBase64() {}

  /**
   * @throws IllegalArgumentException when the text is not base64
   */
  static byte[] decode(String text) {
    String compact =
        text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
            ? text.replace("\r", "").replace("\n", "")
            : text;
    if (compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0) {
      return Base64.getUrlDecoder().decode(compact);
    }
    return Base64.getDecoder().decode(compact);
  }
}
