package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SigningKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code provenant serve} with settings from a config file, the environment and flags. */
class ServeCommandTest {
  private static final Pattern LISTENING =
      Pattern.compile(
          "provenant serve: listening on https://127\\.0\\.0\\.1:(\\d+), 1 policy loaded,"
              + " revision sha256:[0-9a-f]{64}");

  @TempDir Path directory;

  @Test
  void servesUntilStoppedWithSettingsFromAllThreeSources() throws Exception {
    X509Certificate certificate = writeTls();
    Files.writeString(
        directory.resolve("release.pub"),
        PublicKeys.toPem(SigningKey.generateEcP256().publicKey()));
    Files.writeString(
        directory.resolve("policy.yaml"),
        "apiVersion: provenant.dev/v1\nkind: ImagePolicy\nmetadata:\n  name: signed\nspec:\n"
            + "  match:\n    images: [\"registry.example/**\"]\n  authorities:\n"
            + "    requireTransparencyLog: false\n    keys:\n      - name: release\n"
            + "        file: release.pub\n");
    Path config = directory.resolve("serve.yaml");
    Files.writeString(
        config,
        "auditLog: " + directory.resolve("audit.log") + "\naddress: 127.0.0.1\nport: 8443\n");
    Map<String, String> environment =
        Map.of(
            "PROVENANT_TLS_CERT", directory.resolve("tls.crt").toString(),
            "PROVENANT_TLS_KEY", directory.resolve("tls.key").toString(),
            "PROVENANT_PORT", "8444");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread serve =
        Thread.ofPlatform()
            .start(
                () ->
                    exit.set(
                        Main.run(
                            new String[] {
                              "serve",
                              "--config",
                              config.toString(),
                              "--port",
                              "0",
                              "--policy",
                              directory.resolve("policy.yaml").toString()
                            },
                            new PrintWriter(out, true),
                            new PrintWriter(err, true),
                            new PasswordSource(environment, () -> null),
                            environment)));

    Matcher listening = LISTENING.matcher("");
    long until = System.nanoTime() + 30_000_000_000L;
    while (!listening.reset(out.toString()).find()
        && serve.isAlive()
        && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(out.toString()).as(err.toString()).containsPattern(LISTENING);
    int port = Integer.parseInt(listening.group(1));

    try (HttpClient client = HttpClient.newBuilder().sslContext(trusting(certificate)).build()) {
      HttpResponse<String> ready =
          client.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/readyz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"ready\":true");
    }

    serve.interrupt();
    serve.join(10_000);
    assertThat(serve.isAlive()).isFalse();
    assertThat(exit).hasValue(0);
  }

  @Test
  void missingSettingIsAUsageError() {
    CliResult result =
        CliResult.runWithEnvironment(
            Map.of(), "serve", "--tls-cert", "a", "--tls-key", "b", "--policy", "p.yaml");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "--audit-log is required (or PROVENANT_AUDIT_LOG, or auditLog in the config file)");
  }

  @Test
  void registryCredentialVariablesAreRefusedBecauseEveryRegistryWouldReceiveThem() {
    for (String variable :
        java.util.List.of("PROVENANT_REGISTRY_USERNAME", "PROVENANT_REGISTRY_PASSWORD")) {
      CliResult result =
          CliResult.runWithEnvironment(
              Map.of(variable, "secret"),
              "serve",
              "--tls-cert",
              "a",
              "--tls-key",
              "b",
              "--policy",
              "p.yaml",
              "--audit-log",
              "-");

      assertThat(result.exitCode()).isEqualTo(2);
      assertThat(result.err())
          .contains("unset " + variable)
          .contains("Docker config.json")
          .doesNotContain("secret");
    }
  }

  /**
   * A key as {@code openssl ecparam -genkey} writes it (SEC 1, "EC PRIVATE KEY", as many tutorials
   * make webhook keys) and a self-signed certificate for 127.0.0.1 made by openssl.
   */
  private X509Certificate writeTls() throws Exception {
    Path key = directory.resolve("tls.key");
    Path certificate = directory.resolve("tls.crt");
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
    openssl(
        "req",
        "-x509",
        "-key",
        key.toString(),
        "-subj",
        "/CN=provenant-serve-test",
        "-days",
        "1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-out",
        certificate.toString());
    assertThat(Files.readString(key)).startsWith("-----BEGIN EC PRIVATE KEY-----");
    try (var in = Files.newInputStream(certificate)) {
      return (X509Certificate)
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static void openssl(String... args) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>();
    command.add("openssl");
    command.addAll(java.util.List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
  }

  private static SSLContext trusting(X509Certificate certificate) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("server", certificate);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
