package dev.provenant.sigstore.signing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.BundleSigningException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * Gets an RFC 3161 timestamp over a signature from a timestamp authority, and checks the answer
 * against the request (granted, same message imprint, same nonce, a certificate included) before
 * the bundle carries it.
 *
 * <p>Two request encodings, one answer: a Sigstore timestamp authority given by its base URL
 * ({@code https://tsa.example}) gets {@code POST /api/v1/timestamp} with the JSON request its API
 * documents, which sigstore-js sends and the only one {@code @sigstore/mock}'s TSA parses; any
 * other URL is taken as the full endpoint of an RFC 3161 authority and gets a DER {@code
 * TimeStampReq} as {@code application/timestamp-query} (RFC 3161 section 3.4), as cosign's {@code
 * --timestamp-server-url} does. Both answer with a DER {@code TimeStampResp}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3161">RFC 3161</a>
 * @see <a href="https://github.com/sigstore/timestamp-authority/blob/main/openapi.yaml">Sigstore
 *     timestamp-authority API</a>
 */
final class TimestampClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SERVICE = "the timestamp authority";

  /** Nonces stay below 2^53 so that the JSON encoding's number survives JavaScript servers. */
  private static final int NONCE_BITS = 52;

  private final URI endpoint;
  private final boolean json;
  private final ServiceHttp http;
  private final SecureRandom random = new SecureRandom();

  TimestampClient(URI tsa, ServiceHttp http) {
    boolean base = Endpoints.isBase(tsa);
    this.endpoint = base ? Endpoints.resolve(tsa, "api/v1/timestamp") : tsa;
    this.json = base || tsa.getRawPath().endsWith("/api/v1/timestamp");
    this.http = http;
  }

  /** A DER {@code TimeStampResp} over {@code signature}, checked against the request. */
  byte[] timestamp(byte[] signature) throws BundleSigningException {
    byte[] digest = sha256(signature);
    BigInteger nonce = new BigInteger(NONCE_BITS, random).add(BigInteger.ONE);
    TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
    generator.setCertReq(true);
    TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, digest, nonce);

    byte[] answer;
    if (json) {
      ObjectNode body = MAPPER.createObjectNode();
      body.put("artifactHash", Base64.getEncoder().encodeToString(digest));
      body.put("hashAlgorithm", "sha256");
      body.put("nonce", nonce.longValueExact());
      body.put("certificates", true);
      answer =
          http.post(
              SERVICE,
              endpoint,
              "application/json",
              "application/timestamp-reply",
              body.toString().getBytes(StandardCharsets.UTF_8));
    } else {
      try {
        answer =
            http.post(
                SERVICE,
                endpoint,
                "application/timestamp-query",
                "application/timestamp-reply",
                request.getEncoded());
      } catch (IOException e) {
        throw new IllegalStateException("a generated timestamp request always encodes", e);
      }
    }
    try {
      TimeStampResponse response = new TimeStampResponse(answer);
      response.validate(request);
      if (response.getTimeStampToken() == null) {
        throw new TSPException("no timestamp token: " + response.getStatusString());
      }
    } catch (TSPException | IOException | IllegalArgumentException e) {
      throw new BundleSigningException(
          SERVICE + " at " + endpoint + " answered with an unusable timestamp: " + e.getMessage(),
          false,
          e);
    }
    return answer;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
