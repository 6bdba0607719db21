package dev.provenant.oci.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * A Bearer token service for a {@link TestRegistry} started with {@link
 * TestRegistry#withTokenAuth}: it checks HTTP Basic credentials and issues the JWTs distribution's
 * {@code auth: token} verifies (ES256, signed by a key whose self-signed certificate is the
 * registry's {@code rootcertbundle} and travels in the {@code x5c} header). It grants whatever
 * scope is asked and records the scopes, so tests can check what a client asked for.
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/jwt/">distribution, token
 *     authentication implementation</a>
 */
public final class TokenServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final HttpServer server;
  private final Path directory;
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final String user;
  private final String password;
  private final List<List<String>> requestedScopes =
      Collections.synchronizedList(new ArrayList<>());

  private TokenServer(
      HttpServer server,
      Path directory,
      PrivateKey key,
      X509Certificate certificate,
      String user,
      String password) {
    this.server = server;
    this.directory = directory;
    this.key = key;
    this.certificate = certificate;
    this.user = user;
    this.password = password;
  }

  /** Starts a token service that accepts one user. */
  public static TokenServer start(String user, String password)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("token-server");
    SelfSignedCertificate issuer =
        SelfSignedCertificate.create(dir, "/CN=provenant-test-token-issuer", 2);
    try {
      PrivateKey key = issuer.privateKey();
      X509Certificate cert = issuer.certificate();
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      TokenServer tokens = new TokenServer(server, dir, key, cert, user, password);
      server.createContext("/token", tokens::handle);
      server.start();
      return tokens;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot load the token signing key made by openssl", e);
    }
  }

  public String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  public String service() {
    return "provenant-test-registry";
  }

  public String issuer() {
    return "provenant-test-issuer";
  }

  /** The PEM certificate the registry trusts token signatures with. */
  public Path rootCertBundle() {
    return directory.resolve("cert.pem");
  }

  /** The scopes of every token request so far, one list per request, in order. */
  public List<List<String>> requestedScopes() {
    synchronized (requestedScopes) {
      return List.copyOf(requestedScopes);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      String given = exchange.getRequestHeaders().getFirst("Authorization");
      if (!expected.equals(given)) {
        byte[] body =
            "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(401, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      List<String> scopes = new ArrayList<>();
      String query = exchange.getRequestURI().getRawQuery();
      if (query != null) {
        for (String pair : query.split("&")) {
          int eq = pair.indexOf('=');
          if (eq > 0 && pair.substring(0, eq).equals("scope")) {
            for (String s :
                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).split(" ")) {
              if (!s.isBlank()) {
                scopes.add(s);
              }
            }
          }
        }
      }
      requestedScopes.add(List.copyOf(scopes));
      String token = issue(scopes);
      ObjectNode answer = JSON.createObjectNode();
      answer.put("token", token);
      answer.put("access_token", token);
      answer.put("expires_in", 300);
      answer.put("issued_at", Instant.now().toString());
      byte[] body = JSON.writeValueAsBytes(answer);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot sign a token", e);
    }
  }

  private String issue(List<String> scopes)
      throws IOException, java.security.GeneralSecurityException {
    ObjectNode header = JSON.createObjectNode();
    header.put("typ", "JWT");
    header.put("alg", "ES256");
    header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = JSON.createObjectNode();
    claims.put("iss", issuer());
    claims.put("sub", user);
    claims.put("aud", service());
    claims.put("exp", now + 300);
    claims.put("nbf", now - 10);
    claims.put("iat", now);
    claims.put("jti", UUID.randomUUID().toString());
    ArrayNode access = claims.putArray("access");
    for (String scope : scopes) {
      int first = scope.indexOf(':');
      int last = scope.lastIndexOf(':');
      if (first < 0 || last <= first) {
        continue;
      }
      ObjectNode entry = access.addObject();
      entry.put("type", scope.substring(0, first));
      entry.put("name", scope.substring(first + 1, last));
      ArrayNode actions = entry.putArray("actions");
      for (String action : scope.substring(last + 1).split(",")) {
        actions.add(action);
      }
    }
    String signingInput =
        URL.encodeToString(JSON.writeValueAsBytes(header))
            + "."
            + URL.encodeToString(JSON.writeValueAsBytes(claims));
    // JWS ES256 wants the raw R||S signature, not the DER that "SHA256withECDSA" produces.
    Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
    signer.initSign(key);
    signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + URL.encodeToString(signer.sign());
  }

  @Override
  public void close() {
    server.stop(0);
    try {
      ExternalTools.run(List.of("rm", "-rf", directory.toString()));
    } catch (IOException e) {
      // Leave the directory rather than hide the test's own failure.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
