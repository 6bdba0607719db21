package dev.provenant.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.provenant.core.digest.Digest;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import dev.provenant.oci.testing.TestImages.PushedImage;
import dev.provenant.oci.testing.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each way a registry can fail or lie, and the exact failure Provenant reports for it. */
class RegistryFailureTest {
  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  private static RegistryClient.Builder plainHttp(String registry) {
    return RegistryClient.builder(registry)
        .allowHttp(true)
        .credentials(Credentials.anonymous())
        .retryBaseDelay(Duration.ofMillis(10));
  }

  @Test
  void manifestAlteredInRegistryStorageIsAnIntegrityFailure() throws Exception {
    try (RegistryClient client = plainHttp(REGISTRY.address()).build()) {
      PushedImage image = TestImages.push(client, "corrupt/manifest", "v1", 1, 10, Map.of());
      byte[] tampered =
          TestImages.manifestJson(image.config(), 0, image.layer(), 10, Map.of("note", "aaaa"));
      Digest digest =
          client.pushManifest("corrupt/manifest", "v2", tampered, MediaTypes.OCI_MANIFEST);
      Path stored = REGISTRY.registry().blobFile(digest.toString());
      Files.writeString(
          stored, Files.readString(stored).replace("aaaa", "bbbb"), StandardCharsets.UTF_8);

      RegistryException byDigest =
          catchThrowableOfType(
              RegistryException.class,
              () -> client.pullManifest("corrupt/manifest", digest.toString()));
      RegistryException byTag =
          catchThrowableOfType(
              RegistryException.class, () -> client.pullManifest("corrupt/manifest", "v2"));

      assertThat(byDigest.failure()).isEqualTo(Failure.INTEGRITY);
      assertThat(byDigest.getMessage())
          .contains("not the digest asked for (" + digest + ")")
          .contains("do not use it");
      assertThat(byTag.failure()).isEqualTo(Failure.INTEGRITY);
      assertThat(byTag.getMessage()).contains("Docker-Content-Digest");
    }
  }

  @Test
  void blobTruncatedInRegistryStorageIsAnIntegrityFailure() throws Exception {
    try (RegistryClient client = plainHttp(REGISTRY.address()).build()) {
      PushedImage image = TestImages.push(client, "corrupt/blob", "v1", 2, 100_000, Map.of());
      try (RandomAccessFile file =
          new RandomAccessFile(
              REGISTRY.registry().blobFile(image.layer().toString()).toFile(), "rw")) {
        file.setLength(40_000);
      }

      RegistryException e =
          catchThrowableOfType(
              RegistryException.class,
              () -> client.pullBlob("corrupt/blob", image.layer(), 1 << 20));

      assertThat(e.failure()).isEqualTo(Failure.INTEGRITY);
      assertThat(e.getMessage()).startsWith(REGISTRY.address() + "/corrupt/blob@" + image.layer());
      try (InputStream in = client.openBlob("corrupt/blob", image.layer())) {
        assertThatThrownBy(in::readAllBytes)
            .isInstanceOf(IOException.class)
            .hasMessageContaining(image.layer().toString());
      }
    }
  }

  @Test
  void closedPortIsUnreachableAndSuggestsChecking() throws Exception {
    String address = "127.0.0.1:" + TestRegistry.freePort();
    try (RegistryClient client =
        RegistryClient.builder(address).credentials(Credentials.anonymous()).build()) {
      RegistryException e = catchThrowableOfType(RegistryException.class, client::ping);

      assertThat(e.failure()).isEqualTo(Failure.UNREACHABLE);
      assertThat(e.httpStatus()).isZero();
      assertThat(e.getMessage())
          .contains("cannot reach " + address + ": connection refused")
          .contains("--allow-http-registry");
    }
  }

  @Test
  void serverThatHangsUpIsRetriedThenUnreachable() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                while (!server.isClosed()) {
                  try (Socket socket = server.accept()) {
                    accepted.incrementAndGet();
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      try (RegistryClient client =
          plainHttp("127.0.0.1:" + server.getLocalPort()).maxAttempts(3).build()) {
        RegistryException e = catchThrowableOfType(RegistryException.class, client::ping);

        assertThat(e.failure()).isEqualTo(Failure.UNREACHABLE);
        assertThat(e.getMessage()).contains("broke after 3 attempt(s)");
        assertThat(client.stats().retries()).isEqualTo(2);
      }
    }
    assertThat(accepted.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void rateLimitedRequestIsRetriedAfterTheDelayTheRegistryAsks() throws Exception {
    AtomicInteger tagRequests = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v2/", exchange -> respond(exchange, 200, "{}", Map.of()));
    server.createContext(
        "/v2/app/tags/list",
        exchange -> {
          if (tagRequests.incrementAndGet() == 1) {
            respond(
                exchange,
                429,
                "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}",
                Map.of("Retry-After", "1"));
          } else {
            respond(exchange, 200, "{\"name\":\"app\",\"tags\":[\"v1\"]}", Map.of());
          }
        });
    server.start();
    try (RegistryClient client = plainHttp("127.0.0.1:" + server.getAddress().getPort()).build()) {
      assertThat(client.listTags("app")).containsExactly("v1");
      assertThat(tagRequests.get()).isEqualTo(2);
      assertThat(client.stats().retries()).isEqualTo(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void followsTagListPaginationLinks() throws Exception {
    // distribution 2.8 ignores ?n= on tag lists, so the pages come from a server of our own.
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v2/", exchange -> respond(exchange, 200, "{}", Map.of()));
    server.createContext(
        "/v2/app/tags/list",
        exchange -> {
          String query = exchange.getRequestURI().getQuery();
          if (query.contains("last=b")) {
            respond(exchange, 200, "{\"name\":\"app\",\"tags\":[\"c\"]}", Map.of());
          } else {
            assertThat(query).contains("n=2");
            respond(
                exchange,
                200,
                "{\"name\":\"app\",\"tags\":[\"a\",\"b\"]}",
                Map.of("Link", "</v2/app/tags/list?n=2&last=b>; rel=\"next\""));
          }
        });
    server.start();
    try (RegistryClient client = plainHttp("127.0.0.1:" + server.getAddress().getPort()).build()) {
      assertThat(client.listTags("app", 2)).containsExactly("a", "b", "c");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void httpsAgainstAPlainHttpRegistrySuggestsAllowHttpRegistry() {
    try (RegistryClient client =
        RegistryClient.builder(REGISTRY.address()).credentials(Credentials.anonymous()).build()) {
      RegistryException e = catchThrowableOfType(RegistryException.class, client::ping);

      assertThat(e.failure()).isEqualTo(Failure.UNREACHABLE);
      assertThat(e.getMessage())
          .contains("over HTTPS: it answered in plain HTTP")
          .contains("--allow-http-registry");
    }
  }

  @Test
  void blobLargerThanAllowedIsRefused() throws Exception {
    try (RegistryClient client = plainHttp(REGISTRY.address()).build()) {
      PushedImage image = TestImages.push(client, "limits/app", "v1", 3, 5000, Map.of());

      RegistryException e =
          catchThrowableOfType(
              RegistryException.class, () -> client.pullBlob("limits/app", image.layer(), 1000));

      assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT);
      assertThat(e.getMessage()).contains("5000 bytes, more than the 1000 allowed");
    }
  }

  private static void respond(
      HttpExchange exchange, int status, String body, Map<String, String> headers)
      throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      headers.forEach(exchange.getResponseHeaders()::add);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }
}
