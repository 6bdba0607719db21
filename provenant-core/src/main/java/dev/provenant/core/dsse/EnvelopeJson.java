package dev.provenant.core.dsse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads and writes a DSSE envelope in its JSON form, {@code {"payloadType", "payload" (base64),
 * "signatures": [{"keyid", "sig" (base64)}]}}, as cosign stores an attestation in a {@code .att}
 * layer. Reading is strict: every field present with its type, standard base64, at least one
 * signature and at most {@link #MAX_SIGNATURES}.
 *
 * @see <a href="https://github.com/secure-systems-lab/dsse/blob/master/envelope.md">DSSE
 *     envelope</a>
 */
public final class EnvelopeJson {
  /** More signatures than this on one envelope is not something a signer wrote. */
  public static final int MAX_SIGNATURES = 16;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private EnvelopeJson() {}

  /** The envelope's JSON bytes; a signature's {@code keyid} is written only when it has one. */
  public static byte[] write(Envelope envelope) {
    ObjectNode root = JSON.createObjectNode();
    root.put("payloadType", envelope.payloadType());
    root.put("payload", Base64.getEncoder().encodeToString(envelope.payload()));
    ArrayNode signatures = root.putArray("signatures");
    for (Envelope.Signature signature : envelope.signatures()) {
      ObjectNode node = signatures.addObject();
      if (!signature.keyId().isEmpty()) {
        node.put("keyid", signature.keyId());
      }
      node.put("sig", Base64.getEncoder().encodeToString(signature.sig()));
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * Parses an envelope.
   *
   * @throws IllegalArgumentException saying which field is missing or malformed
   */
  public static Envelope parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the DSSE envelope is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("the DSSE envelope is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the DSSE envelope is not a JSON object");
    }
    String payloadType = text(root, "payloadType");
    byte[] payload = base64(text(root, "payload"), "payload");
    JsonNode signatures = root.path("signatures");
    if (!signatures.isArray() || signatures.isEmpty()) {
      throw new IllegalArgumentException("the DSSE envelope has no signatures");
    }
    if (signatures.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException(
          "the DSSE envelope has "
              + signatures.size()
              + " signatures; at most "
              + MAX_SIGNATURES
              + " are read");
    }
    List<Envelope.Signature> parsed = new ArrayList<>();
    for (JsonNode signature : signatures) {
      if (!signature.isObject()) {
        throw new IllegalArgumentException("a DSSE signature is not a JSON object");
      }
      JsonNode keyId = signature.path("keyid");
      if (!keyId.isMissingNode() && !keyId.isTextual() && !keyId.isNull()) {
        throw new IllegalArgumentException("a DSSE signature's keyid is not a string");
      }
      parsed.add(
          new Envelope.Signature(
              base64(text(signature, "sig"), "signatures[].sig"), keyId.asText("")));
    }
    return new Envelope(payloadType, payload, parsed);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(
          "the DSSE envelope's "
              + field
              + " is "
              + (value.isMissingNode() ? "missing" : "not a string"));
    }
    return value.asText();
  }

  private static byte[] base64(String value, String field) {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the DSSE envelope's " + field + " is not standard base64", e);
    }
  }
}
