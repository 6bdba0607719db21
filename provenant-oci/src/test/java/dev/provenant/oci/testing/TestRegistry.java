package dev.provenant.oci.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real registry (Debian's {@code docker-registry}, CNCF distribution 2.8) on a free loopback
 * port, storing into a temporary directory; {@link #close()} stops it and deletes the directory.
 *
 * <pre>{@code
 * try (TestRegistry registry = TestRegistry.start()) {
 *   ExternalTools.skopeoCopy("oci:" + layout + ":v1", "docker://" + registry.address() + "/app:v1");
 *   ... RegistryClient.builder(registry.address()).allowHttp(true) ...
 * }
 * }</pre>
 */
public final class TestRegistry implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

  private final Path directory;
  private final int port;
  private final Process process;
  private final Path log;
  private final boolean tls;

  private TestRegistry(Path directory, int port, Process process, Path log, boolean tls) {
    this.directory = directory;
    this.port = port;
    this.process = process;
    this.log = log;
    this.tls = tls;
  }

  /** A registry with no authentication. */
  public static TestRegistry start() throws IOException, InterruptedException {
    return start("", "", null);
  }

  /**
   * A registry serving HTTPS with a self-signed certificate for 127.0.0.1 that no trust store
   * holds, as a registry with a private CA looks to a client that was not given the CA.
   */
  public static TestRegistry withSelfSignedTls() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("registry-tls");
    SelfSignedCertificate.create(
        dir, "/CN=127.0.0.1", 1, "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
    String tls =
        "  tls:\n    certificate: "
            + dir.resolve("cert.pem")
            + "\n    key: "
            + dir.resolve("key.pem")
            + "\n";
    return start(tls, "", dir);
  }

  /** A registry that demands HTTP Basic authentication (htpasswd, bcrypt) for one user. */
  public static TestRegistry withBasicAuth(String user, String password)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("registry-auth");
    Path htpasswd = dir.resolve("htpasswd");
    String line = ExternalTools.run(List.of("htpasswd", "-Bbn", user, password));
    Files.writeString(htpasswd, line.strip() + "\n");
    String auth = "auth:\n  htpasswd:\n    realm: provenant-test\n    path: " + htpasswd + "\n";
    return start("", auth, dir);
  }

  /** A registry that accepts only Bearer tokens issued by {@code tokens}. */
  public static TestRegistry withTokenAuth(TokenServer tokens)
      throws IOException, InterruptedException {
    String auth =
        "auth:\n  token:\n    realm: "
            + tokens.realm()
            + "\n    service: "
            + tokens.service()
            + "\n    issuer: "
            + tokens.issuer()
            + "\n    rootcertbundle: "
            + tokens.rootCertBundle()
            + "\n";
    return start("", auth, null);
  }

  private static TestRegistry start(String httpSection, String authSection, Path extraDir)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("registry");
    if (extraDir != null) {
      // Keep the htpasswd file or TLS key with the registry so that close() removes it too.
      Path moved = dir.resolve("auth");
      Files.move(extraDir, moved);
      authSection = authSection.replace(extraDir.toString(), moved.toString());
      httpSection = httpSection.replace(extraDir.toString(), moved.toString());
    }
    int port = freePort();
    Path config = dir.resolve("config.yml");
    // As Debian's packaged /etc/docker/registry/config.yml and upstream's example configuration:
    // blob descriptors cached in memory.
    Files.writeString(
        config,
        "version: 0.1\n"
            + "log:\n  level: warn\n"
            + "storage:\n  cache:\n    blobdescriptor: inmemory\n  filesystem:\n    rootdirectory: "
            + dir.resolve("storage")
            + "\n  delete:\n    enabled: true\n"
            + "http:\n  addr: 127.0.0.1:"
            + port
            + "\n"
            + httpSection
            + authSection,
        StandardCharsets.UTF_8);
    Path log = dir.resolve("registry.log");
    Process process =
        new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    TestRegistry registry = new TestRegistry(dir, port, process, log, !httpSection.isEmpty());
    try {
      registry.awaitReady();
    } catch (IOException | RuntimeException | InterruptedException e) {
      registry.close();
      throw e;
    }
    return registry;
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
      HttpRequest ping =
          HttpRequest.newBuilder(URI.create("http://" + address() + "/v2/"))
              .timeout(Duration.ofSeconds(2))
              .build();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IOException(
              "docker-registry exited with " + process.exitValue() + ": " + registryLog());
        }
        try {
          if (tls) {
            // The certificate is trusted by nobody; a TCP connection is enough to know it listens.
            try (var socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
              return;
            }
          }
          HttpResponse<Void> response = client.send(ping, HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() == 200 || response.statusCode() == 401) {
            return;
          }
        } catch (IOException notYet) {
          // Not listening yet.
        }
        Thread.sleep(50);
      }
    }
    throw new IOException(
        "docker-registry did not answer on "
            + address()
            + " within "
            + STARTUP_TIMEOUT.toSeconds()
            + " s: "
            + registryLog());
  }

  /** A port nothing listens on right now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** {@code 127.0.0.1:PORT}, as a registry name. */
  /**
   * The CPU time the registry process has used so far (user and system), for benchmarks that
   * compare the registry's own work with a request's wall time. Linux only: {@code /proc/PID/stat}
   * counts in clock ticks, 100 a second ({@code USER_HZ}), so measure a second or more of work.
   */
  public Duration cpuTime() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis start
    // at field 3, so utime (14) and stime (15) are the 12th and 13th.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return Duration.ofMillis(ticks * 10);
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The registry's storage root (distribution's filesystem driver layout). */
  public Path storage() {
    return directory.resolve("storage");
  }

  /**
   * The file holding a blob's (or manifest's) bytes: {@code docker/registry/v2/blobs/sha256/<first
   * two hex>/<hex>/data}. Tests damage it to see what a client does with corrupt content.
   */
  public Path blobFile(String digest) {
    String algorithm = digest.substring(0, digest.indexOf(':'));
    String hex = digest.substring(digest.indexOf(':') + 1);
    return storage()
        .resolve("docker/registry/v2/blobs")
        .resolve(algorithm)
        .resolve(hex.substring(0, 2))
        .resolve(hex)
        .resolve("data");
  }

  /** What the registry has printed so far. */
  public String registryLog() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).strip() : "";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      }
      ExternalTools.run(List.of("rm", "-rf", directory.toString()));
    } catch (IOException e) {
      // Leave the temporary directory behind rather than hide the test's own failure.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
