package dev.provenant.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local Sigstore for a test class: {@code shared/tools/sigstore-mock} (Fulcio, Rekor v1, an RFC
 * 3161 timestamp authority, from npm {@code @sigstore/mock}) started for real with Node on
 * 127.0.0.1 and a free port, with the {@code trusted_root.json} it writes; and sigstore-js (npm
 * {@code sigstore}, {@code @sigstore/verify}) as an independent signer and verifier.
 *
 * <pre>{@code
 * @RegisterExtension static final SigstoreMock SIGSTORE = new SigstoreMock();
 * }</pre>
 *
 * <p>The Node packages are installed once per machine, by {@code npm install}, into {@code
 * ~/.cache/provenant-test/sigstore-mock-HASH} (HASH of the tool's files and the pinned versions, so
 * a change installs afresh), and reused by every run after: only the first run needs the npm
 * registry. Installs go to a staging directory moved into place when complete, so that concurrent
 * builds never see half an install. Without {@code node} the tests are skipped, except in CI
 * ({@code CI=true}), where that is a failure.
 */
final class SigstoreMock implements BeforeAllCallback, AfterAllCallback {
  /** sigstore-js and the verify packages it is made of, pinned: the versions the tests ran with. */
  static final List<String> SIGSTORE_JS =
      List.of(
          "sigstore@5.0.1",
          "@sigstore/verify@4.1.3",
          "@sigstore/bundle@5.0.1",
          "@sigstore/protobuf-specs@0.5.2");

  /** The issuer put in tokens by default; it becomes the certificate's OIDC issuer. */
  static final String ISSUER = "https://oidc.provenant.test";

  private static final long START_TIMEOUT_MS = 30_000;
  private static final long NPM_TIMEOUT_SECONDS = 300;

  private Path nodeDir;
  private Path outDir;
  private Process server;
  private URI url;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    nodeDir = installed();
    outDir = Files.createTempDirectory("sigstore-mock");
    int port = freePort();
    url = new URI("http://127.0.0.1:" + port);
    ProcessBuilder builder =
        new ProcessBuilder("node", "server.js", outDir.toString())
            .directory(nodeDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(outDir.resolve("server.log").toFile());
    builder.environment().put("PORT", Integer.toString(port));
    server = builder.start();
    awaitReady(port);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(5, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (outDir != null) {
      deleteTree(outDir);
    }
  }

  /** The base URL of every service: Fulcio, Rekor and the timestamp authority share it. */
  URI url() {
    return url;
  }

  /** The {@code trusted_root.json} that trusts exactly this instance. */
  Path trustedRoot() {
    return outDir.resolve("trusted_root.json");
  }

  /**
   * The keyless signing flags against this mock: {@code --identity-token TOKEN}, {@code
   * --fulcio-url}, and each of {@code services} ({@code --rekor-url}, {@code
   * --timestamp-server-url}) pointing at it.
   */
  List<String> keylessFlags(String token, String... services) {
    List<String> flags =
        new ArrayList<>(List.of("--identity-token", token, "--fulcio-url", url().toString()));
    for (String service : services) {
      flags.add(service);
      flags.add(url().toString());
    }
    return flags;
  }

  /** What the server logged: one line per request, for a failing test's message. */
  String log() throws IOException {
    return Files.readString(outDir.resolve("server.log"));
  }

  /**
   * An OIDC token for identity {@code sub} from {@link #ISSUER}, valid for ten minutes. The mock's
   * Fulcio ({@code @sigstore/mock} 0.12.1 as server.js starts it) always issues the {@code sub}
   * claim as a URI SAN and does not check the proof of possession, so give a URI-shaped subject;
   * email identities cannot be tested against it.
   */
  static String tokenForSubject(String subject) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER);
    claims.put("sub", subject);
    return token(claims);
  }

  /**
   * An HS256 JWT with {@code claims} plus {@code aud: sigstore}, {@code iat} and {@code exp}: the
   * mock's Fulcio decodes tokens without checking their signature, as the README says.
   */
  static String token(Map<String, Object> claims) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> all = new LinkedHashMap<>(claims);
    all.putIfAbsent("aud", "sigstore");
    all.putIfAbsent("iat", now);
    all.putIfAbsent("exp", now + 600);
    String header = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String payload = base64Url(json(all));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec("provenant-test".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header
          + "."
          + payload
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The outcome of one run of the sigstore-js script. */
  record NodeResult(int exitCode, String out) {}

  /**
   * Runs {@code src/test/resources/sigstore-js/sigstore-js.js} with sigstore-js: {@code verify
   * --bundle B --artifact A --trusted-root T (--identity I --issuer S | --key PEM)} or {@code sign
   * --artifact A --out B --fulcio U --token T [--rekor U] [--tsa U]}.
   */
  NodeResult sigstoreJs(String... args) throws IOException, InterruptedException {
    Path script;
    try {
      script = Path.of(SigstoreMock.class.getResource("/sigstore-js/sigstore-js.js").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> command = new ArrayList<>(List.of("node", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(nodeDir.toFile()).redirectErrorStream(true);
    builder.environment().put("NODE_PATH", nodeDir.resolve("node_modules").toString());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("sigstore-js timed out: " + command);
    }
    return new NodeResult(process.exitValue(), out);
  }

  // ---- installation, once per machine ----

  private static Path installed() throws IOException, InterruptedException {
    Path tool = ProjectRoot.path().resolve("../shared/tools/sigstore-mock").normalize();
    if (!Files.isRegularFile(tool.resolve("server.js"))) {
      unavailable("the sigstore mock is not at " + tool);
    }
    if (!onPath("node") || !onPath("npm")) {
      unavailable("node and npm are needed to run the sigstore mock and sigstore-js");
    }
    Path cache =
        Path.of(System.getProperty("user.home"), ".cache", "provenant-test")
            .resolve("sigstore-mock-" + fingerprint(tool));
    if (Files.isRegularFile(cache.resolve(".installed"))) {
      return cache;
    }
    Files.createDirectories(cache.getParent());
    Path staging = Files.createTempDirectory(cache.getParent(), "staging-");
    try {
      for (String file : List.of("package.json", "server.js")) {
        Files.copy(tool.resolve(file), staging.resolve(file));
      }
      npm(staging, List.of("install", "--no-audit", "--no-fund"));
      List<String> extra = new ArrayList<>(List.of("install", "--no-audit", "--no-fund"));
      extra.addAll(SIGSTORE_JS);
      npm(staging, extra);
      Files.writeString(staging.resolve(".installed"), Instant.now() + "\n");
      try {
        Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        // Another build installed it meanwhile: use theirs.
      }
    } finally {
      if (Files.exists(staging)) {
        deleteTree(staging);
      }
    }
    return cache;
  }

  private static void npm(Path dir, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("npm"));
    command.addAll(args);
    Path log = Files.createTempFile("npm", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(NPM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("timed out after " + NPM_TIMEOUT_SECONDS + " s: " + command);
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            command
                + " in "
                + dir
                + " exited "
                + process.exitValue()
                + ":\n"
                + Files.readString(log));
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String fingerprint(Path tool) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(Files.readAllBytes(tool.resolve("package.json")));
      sha.update(Files.readAllBytes(tool.resolve("server.js")));
      sha.update(String.join(" ", SIGSTORE_JS).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static void unavailable(String why) {
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(why + " (required in CI)");
    }
    Assumptions.abort(why + "; skipped outside CI");
  }

  // ---- the server ----

  private void awaitReady(int port) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException(
            "the sigstore mock exited " + server.exitValue() + ":\n" + log());
      }
      if (Files.isRegularFile(trustedRoot()) && listening(port)) {
        return;
      }
      Thread.sleep(50);
    }
    server.destroyForcibly();
    throw new IllegalStateException(
        "the sigstore mock did not listen on "
            + port
            + " within "
            + START_TIMEOUT_MS
            + " ms:\n"
            + log());
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String json(Map<String, Object> claims) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(claims);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
