package dev.provenant.server;

import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleWriter;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.InTotoStatement;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SigningKey;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.signature.ImageSignatureStatement;
import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.oci.registry.Credentials;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.signature.BundleAttachments;
import dev.provenant.oci.signature.LegacySigner;
import dev.provenant.oci.testing.TestImages;
import dev.provenant.server.cache.EvidenceCollector;
import dev.provenant.server.config.ServerConfig;
import dev.provenant.server.config.Setting;
import dev.provenant.sigstore.signing.SigstoreBundleSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running webhook for one test: TLS files, policy files, audit log, in a temporary directory;
 * images pushed to (and signed in) a real registry.
 */
final class Webhook implements AutoCloseable {
  static final SigningKey RELEASE = SigningKey.generateEcP256();

  final Path directory;
  final String registry;
  final SelfSignedTls tls;
  final AtomicInteger collections = new AtomicInteger();
  final java.util.concurrent.atomic.AtomicLong collectionNanos =
      new java.util.concurrent.atomic.AtomicLong();
  AdmissionServer server;
  WebhookClient client;

  Webhook(Path directory, String registry) throws Exception {
    this.directory = directory;
    this.registry = registry;
    this.tls = SelfSignedTls.generate("provenant-webhook");
    tls.write(certificate(), key());
    Files.writeString(directory.resolve("release.pub"), PublicKeys.toPem(RELEASE.publicKey()));
  }

  Path certificate() {
    return directory.resolve("tls.crt");
  }

  Path key() {
    return directory.resolve("tls.key");
  }

  Path policy() {
    return directory.resolve("policy.yaml");
  }

  Path auditLog() {
    return directory.resolve("audit.log");
  }

  /** A policy requiring the release key for {@code images}, in {@code mode}, plus extra spec. */
  static String policy(String name, String mode, String images, String extraSpec) {
    return "apiVersion: provenant.dev/v1\n"
        + "kind: ImagePolicy\n"
        + "metadata:\n  name: "
        + name
        + "\nspec:\n  mode: "
        + mode
        + "\n  match:\n    images: [\""
        + images
        + "\"]\n"
        + extraSpec
        + "  authorities:\n    threshold: 1\n    requireTransparencyLog: false\n"
        + "    keys:\n      - name: release\n        file: release.pub\n";
  }

  void writePolicies(String... documents) throws Exception {
    Path tmp = directory.resolve("policy.yaml.tmp");
    Files.writeString(tmp, String.join("---\n", documents));
    Files.move(tmp, policy(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  Webhook start(Map<Setting, String> flags) throws Exception {
    Map<Setting, String> all = new EnumMap<>(Setting.class);
    all.put(Setting.ADDRESS, "127.0.0.1");
    all.put(Setting.PORT, "0");
    all.put(Setting.TLS_CERT, certificate().toString());
    all.put(Setting.TLS_KEY, key().toString());
    all.put(Setting.POLICY, policy().toString());
    all.put(Setting.AUDIT_LOG, auditLog().toString());
    all.put(Setting.ALLOW_HTTP_REGISTRY, "true");
    all.put(Setting.RELOAD_INTERVAL, "100ms");
    all.putAll(flags);
    ServerConfig config = ServerConfig.resolve(null, Map.of(), all);
    EvidenceCollector counting =
        (engine, policy, pinned) -> {
          collections.incrementAndGet();
          long start = System.nanoTime();
          try {
            return engine.collect(policy, pinned);
          } finally {
            collectionNanos.addAndGet(System.nanoTime() - start);
          }
        };
    server =
        AdmissionServer.builder(config)
            .registryOptions(new RegistryOptions(true, false, Credentials.anonymous()))
            .evidenceCollector(counting)
            .start();
    client = new WebhookClient(SelfSignedTls.trusting(tls.certificate()), server.port());
    return this;
  }

  Webhook start() throws Exception {
    return start(Map.of());
  }

  /** Pushes an image and returns {@code registry/repository:tag} (unsigned). */
  String push(String repository, String tag, long seed) throws Exception {
    try (RegistryClient registryClient = registryClient()) {
      TestImages.push(registryClient, repository, tag, seed, 64, Map.of());
    }
    return registry + "/" + repository + ":" + tag;
  }

  /** Pushes and signs an image with the release key; returns its tag reference. */
  String pushSigned(String repository, String tag, long seed) throws Exception {
    try (RegistryClient registryClient = registryClient()) {
      LegacySigner.sign(
          registryClient,
          pushPinned(registryClient, repository, tag, seed),
          RELEASE,
          Map.of(),
          null);
    }
    return registry + "/" + repository + ":" + tag;
  }

  private ImageReference pushPinned(
      RegistryClient registryClient, String repository, String tag, long seed) throws Exception {
    Digest digest = TestImages.push(registryClient, repository, tag, seed, 64, Map.of()).manifest();
    return ImageReference.parse(registry + "/" + repository + ":" + tag + "@" + digest);
  }

  /**
   * Pushes an image and signs it with the release key as {@code provenant sign} does by default: a
   * Sigstore bundle attached as a referrer, no {@code .sig} tag. Returns its pinned reference.
   */
  String pushBundleSigned(String repository, String tag, long seed) throws Exception {
    try (RegistryClient registryClient = registryClient()) {
      ImageReference pinned = pushPinned(registryClient, repository, tag, seed);
      Bundle bundle =
          SigstoreBundleSigner.builder()
              .key(RELEASE)
              .build()
              .signDsse(
                  InTotoStatement.PAYLOAD_TYPE, ImageSignatureStatement.forImage(pinned, Map.of()));
      BundleAttachments.attachDsse(
          registryClient,
          pinned,
          BundleWriter.write(bundle),
          ImageSignatureStatement.PREDICATE_TYPE);
      return pinned.toString();
    }
  }

  Digest digestOf(String image) throws Exception {
    ImageReference reference = ImageReference.parse(image);
    try (RegistryClient registryClient = registryClient()) {
      return registryClient
          .headManifest(reference.repository(), reference.manifestReference())
          .orElseThrow()
          .digest();
    }
  }

  RegistryClient registryClient() {
    return RegistryClient.builder(registry)
        .allowHttp(true)
        .credentials(Credentials.anonymous())
        .build();
  }

  /** The response part of the answer to validating a Pod that runs {@code image}. */
  com.fasterxml.jackson.databind.JsonNode validate(String image) throws Exception {
    return client.post("/admission/validate", Reviews.of("pod-single.json", image)).response();
  }

  /** Whether validating a Pod that runs {@code image} is allowed. */
  boolean allows(String image) throws Exception {
    return validate(image).path("allowed").asBoolean();
  }

  /** The revision of the policies in force. */
  String revision() {
    return server.policies().orElseThrow().revision();
  }

  /**
   * Waits (up to 10 s) until the server has reloaded its policies away from {@code revision}, and
   * returns the new revision.
   */
  String awaitRevisionOtherThan(String revision) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (revision().equals(revision)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the policies were not reloaded within 10 s (revision still " + revision + ")");
      }
      // Polled often: a test that writes again at once must not give the watcher time to settle.
      Thread.sleep(1);
    }
    return revision();
  }

  /** The webhook's own count of registry requests, from its Prometheus metrics. */
  double registryRequests() throws Exception {
    double total = 0;
    for (String line : client.get("/metrics").body().split("\n")) {
      if (line.startsWith("provenant_registry_requests_total{")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  List<String> auditLines() throws Exception {
    return Files.exists(auditLog()) ? Files.readAllLines(auditLog()) : List.of();
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
