package dev.provenant.sigstore.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.BundleSigningException;
import dev.provenant.core.bundle.InclusionProof;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.Envelope;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Logs a signature in a Rekor v1 transparency log ({@code POST /api/v1/log/entries}) and turns the
 * answer into a bundle's {@link TlogEntry}: the entry's index, the log's ID, the signed entry
 * timestamp (SET) and the inclusion proof with its signed checkpoint.
 *
 * <p>Message signatures are logged as {@code hashedrekord} 0.0.1 (the artifact's SHA-256, the
 * signature, the certificate or public key as PEM); DSSE envelopes as {@code dsse} 0.0.1 (the
 * envelope as JSON text, with the signer's PEM as its verifier), as cosign and sigstore-js do.
 *
 * @see <a href="https://github.com/sigstore/rekor/blob/main/openapi.yaml">Rekor v1 OpenAPI,
 *     createLogEntry</a>
 * @see <a
 *     href="https://github.com/sigstore/rekor/tree/main/pkg/types/hashedrekord/v0.0.1">hashedrekord
 *     0.0.1 schema</a>
 * @see <a href="https://github.com/sigstore/rekor/tree/main/pkg/types/dsse/v0.0.1">dsse 0.0.1
 *     schema</a>
 */
final class RekorClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final String SERVICE = "Rekor";

  private final URI endpoint;
  private final ServiceHttp http;

  RekorClient(URI rekor, ServiceHttp http) {
    this.endpoint = Endpoints.resolve(rekor, "api/v1/log/entries");
    this.http = http;
  }

  /**
   * Logs a signature over an artifact.
   *
   * @param signerPem the signing certificate or public key, PEM
   */
  TlogEntry logHashedRekord(Digest artifact, byte[] signature, String signerPem)
      throws BundleSigningException {
    ObjectNode entry = MAPPER.createObjectNode();
    entry.put("apiVersion", "0.0.1").put("kind", "hashedrekord");
    ObjectNode spec = entry.putObject("spec");
    spec.putObject("data")
        .putObject("hash")
        .put("algorithm", "sha256")
        .put("value", artifact.hex());
    spec.putObject("signature")
        .put("content", B64.encodeToString(signature))
        .putObject("publicKey")
        .put("content", B64.encodeToString(signerPem.getBytes(StandardCharsets.US_ASCII)));
    return log(entry);
  }

  /** Logs a signed DSSE envelope. */
  TlogEntry logDsse(Envelope envelope, String signerPem) throws BundleSigningException {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("payload", B64.encodeToString(envelope.payload()));
    json.put("payloadType", envelope.payloadType());
    var signatures = json.putArray("signatures");
    for (Envelope.Signature s : envelope.signatures()) {
      signatures.addObject().put("keyid", s.keyId()).put("sig", B64.encodeToString(s.sig()));
    }
    ObjectNode entry = MAPPER.createObjectNode();
    entry.put("apiVersion", "0.0.1").put("kind", "dsse");
    ObjectNode proposed = entry.putObject("spec").putObject("proposedContent");
    proposed.put("envelope", json.toString());
    proposed
        .putArray("verifiers")
        .add(B64.encodeToString(signerPem.getBytes(StandardCharsets.US_ASCII)));
    return log(entry);
  }

  private TlogEntry log(ObjectNode proposedEntry) throws BundleSigningException {
    byte[] answer =
        http.post(
            SERVICE,
            endpoint,
            "application/json",
            "application/json",
            proposedEntry.toString().getBytes(StandardCharsets.UTF_8));
    try {
      return parse(MAPPER.readTree(answer));
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new BundleSigningException(
          SERVICE
              + " at "
              + endpoint
              + " answered with an entry that does not parse: "
              + e.getMessage(),
          false,
          e);
    }
  }

  /**
   * The answer is {@code {"<entry UUID>": {body, integratedTime, logID, logIndex, verification:
   * {signedEntryTimestamp, inclusionProof}}}}: hex for the log ID and hashes, base64 for the body
   * and the SET, numbers for the rest.
   */
  private static TlogEntry parse(JsonNode answer) throws IOException {
    Iterator<Map.Entry<String, JsonNode>> fields = answer == null ? null : answer.fields();
    if (fields == null || !fields.hasNext()) {
      throw new IOException("no entry in the answer");
    }
    JsonNode logged = fields.next().getValue();
    byte[] body = Base64.getDecoder().decode(required(logged, "body").asText());
    JsonNode bodyJson = MAPPER.readTree(body);
    String kind = required(bodyJson, "kind").asText();
    String version = required(bodyJson, "apiVersion").asText();
    JsonNode verification = logged.path("verification");
    byte[] set =
        verification.hasNonNull("signedEntryTimestamp")
            ? Base64.getDecoder().decode(verification.get("signedEntryTimestamp").asText())
            : null;
    InclusionProof proof = null;
    JsonNode p = verification.path("inclusionProof");
    if (p.isObject()) {
      List<byte[]> hashes = new ArrayList<>();
      for (JsonNode hash : p.path("hashes")) {
        hashes.add(HexFormat.of().parseHex(hash.asText()));
      }
      proof =
          new InclusionProof(
              required(p, "logIndex").asLong(),
              HexFormat.of().parseHex(required(p, "rootHash").asText()),
              required(p, "treeSize").asLong(),
              hashes,
              p.hasNonNull("checkpoint") ? p.get("checkpoint").asText() : null);
    }
    return new TlogEntry(
        required(logged, "logIndex").asLong(),
        HexFormat.of().parseHex(required(logged, "logID").asText()),
        kind,
        version,
        required(logged, "integratedTime").asLong(),
        set,
        proof,
        body);
  }

  private static JsonNode required(JsonNode node, String field) throws IOException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IOException("missing " + field);
    }
    return value;
  }
}
