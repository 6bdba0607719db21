package dev.provenant.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.provenant.core.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Registries redirect blob downloads to object storage on another host; the credentials must stay
 * behind. No real registry here does that, so both sides are servers of the test's own.
 */
class RedirectTest {

  @Test
  void blobRedirectToAnotherHostIsFollowedWithoutTheAuthorizationHeader() throws Exception {
    byte[] blob = "stored elsewhere".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(blob);
    List<String> storageAuthorization = new CopyOnWriteArrayList<>();
    HttpServer storage = server();
    storage.createContext(
        "/bucket",
        exchange -> {
          storageAuthorization.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          send(exchange, 200, blob, null);
        });
    storage.start();
    HttpServer registry = server();
    registry.createContext(
        "/v2/",
        exchange -> {
          if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
            send(exchange, 401, new byte[0], null);
          } else if (exchange.getRequestURI().getPath().endsWith("/blobs/" + digest)) {
            send(
                exchange,
                307,
                new byte[0],
                "http://127.0.0.1:" + storage.getAddress().getPort() + "/bucket/data?sig=1");
          } else {
            send(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8), null);
          }
        });
    registry.start();
    try (RegistryClient client =
        RegistryClient.builder("127.0.0.1:" + registry.getAddress().getPort())
            .allowHttp(true)
            .credentials(Credentials.of("user", "secret"))
            .build()) {
      assertThat(client.pullBlob("app", digest, 1000)).isEqualTo(blob);
      try (InputStream in = client.openBlob("app", digest)) {
        assertThat(in.readAllBytes()).isEqualTo(blob);
      }
    } finally {
      registry.stop(0);
      storage.stop(0);
    }
    assertThat(storageAuthorization).hasSize(2).containsOnly("null");
  }

  private static HttpServer server() throws IOException {
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
  }

  private static void send(HttpExchange exchange, int status, byte[] body, String location)
      throws IOException {
    try (exchange) {
      if (location != null) {
        exchange.getResponseHeaders().add("Location", location);
      }
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    }
  }
}
