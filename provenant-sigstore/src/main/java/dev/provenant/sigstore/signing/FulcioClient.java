package dev.provenant.sigstore.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.BundleSigningException;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Asks Fulcio for a short-lived signing certificate: {@code POST /api/v2/signingCert} with the OIDC
 * token and the public key, proving possession of the private key by signing the token's subject.
 *
 * @see <a href="https://github.com/sigstore/fulcio/blob/main/fulcio.proto">fulcio.proto,
 *     CreateSigningCertificate</a>
 */
final class FulcioClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SERVICE = "Fulcio";

  private final URI endpoint;
  private final ServiceHttp http;

  FulcioClient(URI fulcio, ServiceHttp http) {
    this.endpoint = Endpoints.resolve(fulcio, "api/v2/signingCert");
    this.http = http;
  }

  /** The certificate chain, leaf first, that Fulcio issued for {@code key}. */
  List<X509Certificate> signingCertificate(IdentityToken token, SigningKey key)
      throws BundleSigningException {
    byte[] proof = key.sign(token.proofSubject().getBytes(StandardCharsets.UTF_8));
    ObjectNode request = MAPPER.createObjectNode();
    request.putObject("credentials").put("oidcIdentityToken", token.jwt());
    ObjectNode publicKeyRequest = request.putObject("publicKeyRequest");
    publicKeyRequest
        .putObject("publicKey")
        .put("algorithm", "ECDSA")
        .put("content", PublicKeys.toPem(key.publicKey()));
    publicKeyRequest.put("proofOfPossession", Base64.getEncoder().encodeToString(proof));

    byte[] answer =
        http.post(
            SERVICE,
            endpoint,
            "application/json",
            "application/json",
            request.toString().getBytes(StandardCharsets.UTF_8));
    List<X509Certificate> chain = parse(answer);
    if (!MessageDigest.isEqual(
        chain.getFirst().getPublicKey().getEncoded(), key.publicKey().getEncoded())) {
      throw refused("the certificate it issued is for another key than the one sent");
    }
    return chain;
  }

  private List<X509Certificate> parse(byte[] answer) throws BundleSigningException {
    JsonNode root;
    try {
      root = MAPPER.readTree(answer);
    } catch (IOException e) {
      throw refused("its answer is not JSON");
    }
    // Fulcio answers with the SCT embedded in the certificate, or, for a CT log that is not
    // trusted to embed, detached beside it; either way the chain is the same shape.
    JsonNode certificates =
        root.path("signedCertificateEmbeddedSct").path("chain").path("certificates");
    if (certificates.isMissingNode()) {
      certificates = root.path("signedCertificateDetachedSct").path("chain").path("certificates");
    }
    if (!certificates.isArray() || certificates.isEmpty()) {
      throw refused("its answer holds no certificate chain");
    }
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (JsonNode pem : certificates) {
        chain.add(
            (X509Certificate)
                factory.generateCertificate(
                    new ByteArrayInputStream(pem.asText().getBytes(StandardCharsets.US_ASCII))));
      }
    } catch (CertificateException | ClassCastException e) {
      throw refused("a certificate in its answer does not parse: " + e.getMessage());
    }
    return chain;
  }

  private BundleSigningException refused(String why) {
    return new BundleSigningException(SERVICE + " at " + endpoint + ": " + why, false, null);
  }
}
