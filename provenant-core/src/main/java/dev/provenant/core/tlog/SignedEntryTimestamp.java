package dev.provenant.core.tlog;

import dev.provenant.core.keys.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A Rekor v1 signed entry timestamp (the bundle's {@code inclusionPromise}): the log's signature
 * over the canonical JSON {@code {"body":…,"integratedTime":…,"logID":…,"logIndex":…}} (keys
 * sorted, no whitespace; {@code body} the base64 canonicalized entry, {@code logID} the hex log
 * ID), promising the entry was integrated at that time.
 *
 * @see <a href="https://github.com/sigstore/rekor/blob/main/pkg/api/entries.go">Rekor's SET
 *     payload</a>
 */
public final class SignedEntryTimestamp {
  private SignedEntryTimestamp() {}

  /** The exact bytes the log signed. */
  public static byte[] payload(
      byte[] canonicalizedBody, long integratedTime, byte[] logId, long logIndex) {
    // Every value is base64, hex or a number, so no JSON escaping is ever needed.
    String json =
        "{\"body\":\""
            + Base64.getEncoder().encodeToString(canonicalizedBody)
            + "\",\"integratedTime\":"
            + integratedTime
            + ",\"logID\":\""
            + HexFormat.of().formatHex(logId)
            + "\",\"logIndex\":"
            + logIndex
            + "}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  public static boolean verify(
      PublicKey logKey,
      byte[] signature,
      byte[] canonicalizedBody,
      long integratedTime,
      byte[] logId,
      long logIndex) {
    return SignatureVerifier.verify(
        logKey, payload(canonicalizedBody, integratedTime, logId, logIndex), signature);
  }
}
