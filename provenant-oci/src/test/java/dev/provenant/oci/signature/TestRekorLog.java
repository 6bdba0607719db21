package dev.provenant.oci.signature;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.keys.SigningKey;
import dev.provenant.core.tlog.SignedEntryTimestamp;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.core.trust.TrustedRootException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A Rekor v1 log of the test's own: its key signs SETs over {body, integratedTime, logID,
 * logIndex}, and {@link #root} names it in a trusted root, with the log ID the SHA-256 of its key,
 * as Rekor's is.
 */
final class TestRekorLog {
  static final long LOG_INDEX = 7;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SigningKey key = SigningKey.generateEcP256();

  /** The {@code dev.sigstore.cosign/bundle} annotation cosign writes for an entry of this log. */
  String annotation(byte[] body, long integratedTime) {
    byte[] set = key.sign(SignedEntryTimestamp.payload(body, integratedTime, logId(), LOG_INDEX));
    ObjectNode root = JSON.createObjectNode();
    root.put("SignedEntryTimestamp", Base64.getEncoder().encodeToString(set));
    ObjectNode payload = root.putObject("Payload");
    payload.put("body", Base64.getEncoder().encodeToString(body));
    payload.put("integratedTime", integratedTime);
    payload.put("logIndex", LOG_INDEX);
    payload.put("logID", HexFormat.of().formatHex(logId()));
    return root.toString();
  }

  /** A trusted root naming this log only, valid since 2020. */
  TrustedRoot root() {
    String json =
        "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\","
            + "\"tlogs\":[{\"baseUrl\":\"https://rekor.test\",\"hashAlgorithm\":\"SHA2_256\","
            + "\"publicKey\":{\"rawBytes\":\""
            + Base64.getEncoder().encodeToString(key.publicKey().getEncoded())
            + "\",\"keyDetails\":\"PKIX_ECDSA_P256_SHA_256\",\"validFor\":{\"start\":\"2020-01-01T00:00:00Z\"}},"
            + "\"logId\":{\"keyId\":\""
            + Base64.getEncoder().encodeToString(logId())
            + "\"}}],\"certificateAuthorities\":[],\"ctlogs\":[],\"timestampAuthorities\":[]}";
    try {
      return TrustedRoot.parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (TrustedRootException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] logId() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.publicKey().getEncoded());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
