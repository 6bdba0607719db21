package dev.provenant.server;

import dev.provenant.core.keys.SignatureVerifier;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.signature.SimpleSigningPayload;
import dev.provenant.oci.signature.CosignTags;
import dev.provenant.oci.signature.LegacySignature;
import dev.provenant.oci.testing.TestRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The admission webhook under load, over TLS on loopback, against a loopback docker-registry; run
 * by {@code bench/webhook.sh}. Prints, for the same server in the same run:
 *
 * <ul>
 *   <li>warm latency: validate requests for an image whose decision is cached, and {@code GET
 *       /healthz}, each sent at the same fixed rate ({@code RATE} a second each for {@code
 *       SECONDS}, interleaved request by request, in {@code ROUNDS} rounds): p50/p99, and the ratio
 *       of the p99s (target ≤ 2×). An open loop with latency counted from when each request was
 *       due, so that a stalled server cannot hide its stall by receiving fewer requests
 *       (coordinated omission); the same load for both, which a closed loop does not give (the
 *       faster endpoint gets more requests); and interleaved, so that a stall of the machine falls
 *       on both alike;
 *   <li>warm throughput: cached decisions with {@code CONCURRENCY} clients each sending its next
 *       request when the last is answered (target ≥ 1,000 decisions/s);
 *   <li>cold: one validate request per newly signed image (new digest, keyed legacy signature), one
 *       after the other, against one bare manifest GET of the same image to the registry: the ratio
 *       of the p50s (target ≤ 3×), by digest and by tag; and mutate then validate for new tags, as
 *       the API server sends them (mutate starts deciding the image it pins, so validate then finds
 *       the decision under way), with the two together against a bare GET;
 *   <li>coalescing: 100 concurrent requests for one new digest, and how many evidence collections
 *       they caused (target exactly 1).
 * </ul>
 */
public final class WebhookBenchmark {
  private static final int CONCURRENCY = Integer.getInteger("concurrency", 16);
  private static final int SECONDS = Integer.getInteger("seconds", 5);
  private static final int ROUNDS = Integer.getInteger("rounds", 3);
  private static final int RATE = Integer.getInteger("rate", 2000);
  private static final int COLD_IMAGES = Integer.getInteger("cold", 60);
  // Images per cold path for the warm-up rounds, and the most rounds: each round decides them all
  // again under a new policy revision (a reload drops every cached decision), until the JIT is
  // quiet — a webhook that has run for a while has compiled its cold path (C2 compiles a method
  // after some ten thousand calls or loop turns, and recompiles after a deoptimization).
  private static final int WARM_UP_IMAGES = Integer.getInteger("warmUpImages", 300);
  private static final int WARM_UP_ROUNDS = Integer.getInteger("warmUpRounds", 12);
  // A round whose decisions kept the JIT busy for less than this is quiet (the JIT's total
  // compilation time, in ms).
  private static final long QUIET_JIT_MILLIS = Long.getLong("quietJitMillis", 100);

  private WebhookBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path directory = Files.createTempDirectory("webhook-bench");
    try (TestRegistry registry = TestRegistry.start();
        Webhook webhook = new Webhook(directory, registry.address())) {
      webhook.writePolicies(Webhook.policy("signed", "enforce", registry.address() + "/**", ""));
      String warm = webhook.pushSigned("bench/warm", "v1", 1);
      // Warm-up images for each measured cold path (by tag, by digest, mutate then validate), so
      // that the JIT has compiled what all of them run.
      List<String> warmUpByTag =
          pushAll(webhook, "bench/warmup-tag", WARM_UP_IMAGES, 1_000_000, false);
      List<String> warmUpByDigest =
          pushAll(webhook, "bench/warmup-digest", WARM_UP_IMAGES, 2_000_000, true);
      List<String> warmUpFlow =
          pushAll(webhook, "bench/warmup-flow", WARM_UP_IMAGES, 3_000_000, false);
      List<String> cold = pushAll(webhook, "bench/cold", COLD_IMAGES, 4_000_000, false);
      List<String> coldPinned = pushAll(webhook, "bench/pinned", COLD_IMAGES, 5_000_000, true);
      List<String> flow = pushAll(webhook, "bench/flow", COLD_IMAGES, 6_000_000, false);
      List<String> floorImages = pushAll(webhook, "bench/floor", COLD_IMAGES, 7_000_000, true);
      String coalesced = webhook.pushSigned("bench/coalesced", "v1", 7);
      webhook.start();
      System.out.printf(
          Locale.ROOT,
          "webhook on 127.0.0.1:%d, registry %s, %d clients, %d s per phase, %d cores%n",
          webhook.server.port(),
          registry.address(),
          CONCURRENCY,
          SECONDS,
          Runtime.getRuntime().availableProcessors());

      HttpClient http =
          HttpClient.newBuilder()
              .sslContext(SelfSignedTls.trusting(webhook.tls.certificate()))
              .version(HttpClient.Version.HTTP_1_1)
              .build();
      URI validate =
          URI.create("https://127.0.0.1:" + webhook.server.port() + "/admission/validate");
      URI healthz = URI.create("https://127.0.0.1:" + webhook.server.port() + "/healthz");
      String warmReview = Reviews.of("pod-single.json", warm);
      requireAllowed(http, validate, warmReview);

      // Warm-up of both paths (JIT, connections), then the measured phases.
      load(http, () -> post(validate, warmReview), 3);
      load(http, () -> get(healthz), 3);
      // Latency at the same load: both endpoints get the same fixed request rate (an open loop,
      // latency counted from when each request was due, so a stall is not hidden), interleaved
      // request by request so that whatever else the machine does falls on both alike.
      List<Double> ratios = new ArrayList<>();
      for (int round = 1; round <= ROUNDS; round++) {
        List<Phase> mixed =
            fixedRate(
                http, List.of(() -> get(healthz), () -> post(validate, warmReview)), RATE, SECONDS);
        Phase health = mixed.get(0);
        Phase decisions = mixed.get(1);
        System.out.println("round " + round + " healthz   " + health);
        System.out.println("round " + round + " validate  " + decisions + " (decision cached)");
        ratios.add(decisions.p99() / health.p99());
      }
      ratios.sort(null);
      System.out.printf(
          Locale.ROOT,
          "warm at %d requests/s each, interleaved: p99 validate / p99 healthz = %s, median %.2f"
              + " (target <= 2)%n",
          RATE,
          ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(),
          ratios.get(ratios.size() / 2));
      // Throughput: as many cached decisions as CONCURRENCY clients can get, each sending its
      // next request when the last is answered.
      Phase saturated = load(http, () -> post(validate, warmReview), SECONDS);
      System.out.println("saturated validate  " + saturated + " (decision cached)");
      System.out.printf(
          Locale.ROOT,
          "warm throughput: %.0f decisions/s with %d clients (target >= 1000)%n",
          saturated.perSecond(),
          CONCURRENCY);

      HttpClient bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI mutate = URI.create("https://127.0.0.1:" + webhook.server.port() + "/admission/mutate");
      // The cold paths' code is made warm (JIT) on other digests first: "cold" is a decision that
      // is not cached, not a JVM that has not run one yet. The JIT's work during the measured
      // phases is printed: it competes with the decisions for the two cores.
      int warmUpDecisions = 0;
      long roundJit = Long.MAX_VALUE;
      int round = 0;
      while (round < WARM_UP_ROUNDS && roundJit >= QUIET_JIT_MILLIS) {
        round++;
        String revision = webhook.revision();
        webhook.writePolicies(
            "# warm-up round "
                + round
                + "\n"
                + Webhook.policy("signed", "enforce", registry.address() + "/**", ""));
        webhook.awaitRevisionOtherThan(revision);
        long jitBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        // A scrape of /metrics, as Prometheus makes while a webhook runs and as the measured
        // phases make between them: the first one (a new TLS connection, a long body) made the
        // JIT throw away and recompile the TLS code, during the first measured phase.
        webhook.registryRequests();
        for (int i = 0; i < WARM_UP_IMAGES; i += 100) {
          int end = Math.min(WARM_UP_IMAGES, i + 100);
          cold(http, bare, registry, validate, warmUpByTag.subList(i, end));
          cold(http, bare, registry, validate, warmUpByDigest.subList(i, end));
          mutateThenValidate(http, bare, registry, mutate, validate, warmUpFlow.subList(i, end));
        }
        warmUpDecisions += WARM_UP_IMAGES * 3;
        roundJit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitBefore;
      }
      System.out.printf(
          Locale.ROOT,
          "warm-up: %d cold decisions in %d rounds of %d (each after a policy reload); JIT"
              + " compilation in the last round: %d ms (quiet below %d ms)%n",
          warmUpDecisions,
          round,
          WARM_UP_IMAGES * 3,
          roundJit,
          QUIET_JIT_MILLIS);
      long compilingBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
      double requestsBefore = webhook.registryRequests();
      long collectedBefore = webhook.collectionNanos.get();
      Cold byTag = cold(http, bare, registry, validate, cold);
      double requestsByTag = webhook.registryRequests();
      Cold byDigest = cold(http, bare, registry, validate, coldPinned);
      double requestsByDigest = webhook.registryRequests();
      System.out.printf(
          Locale.ROOT,
          "registry requests per cold decision: %.2f by tag, %.2f by digest%n",
          (requestsByTag - requestsBefore) / cold.size(),
          (requestsByDigest - requestsByTag) / coldPinned.size());
      System.out.printf(
          Locale.ROOT,
          "evidence collection (registry reads and verification) per cold decision: %.2f ms%n",
          (webhook.collectionNanos.get() - collectedBefore)
              / 1e6
              / (cold.size() + coldPinned.size()));
      double[][] flowMillis = mutateThenValidate(http, bare, registry, mutate, validate, flow);
      double mutateP50 = percentile(flowMillis[0], 50);
      double validateP50 = percentile(flowMillis[1], 50);
      double flowBareP50 = percentile(flowMillis[2], 50);
      double[] bothMillis = new double[flow.size()];
      for (int i = 0; i < flow.size(); i++) {
        bothMillis[i] = flowMillis[0][i] + flowMillis[1][i];
      }
      System.out.printf(
          Locale.ROOT,
          "cold, mutate then validate (%d new tags): mutate p50 %.2f ms, validate p50 %.2f ms,"
              + " both p50 %.2f ms; bare manifest GET p50 %.2f ms; validate / bare GET %.2f"
              + " (mutate started the decision); mutate + validate / bare GET %.2f%n",
          flow.size(),
          mutateP50,
          validateP50,
          percentile(bothMillis, 50),
          flowBareP50,
          validateP50 / flowBareP50,
          percentile(bothMillis, 50) / flowBareP50);
      System.out.println("cold, by tag    " + byTag);
      System.out.println("cold, by digest " + byDigest + " (as after /admission/mutate)");
      System.out.printf(
          Locale.ROOT,
          "JIT compilation during the measured cold phases: %d ms (after %d warm-up decisions)%n",
          ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compilingBefore,
          warmUpDecisions);
      floor(http, bare, registry, healthz, floorImages);

      int before = webhook.collections.get();
      String coalescedReview = Reviews.of("pod-single.json", coalesced);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 100; i++) {
          answers.add(
              clients.submit(
                  () -> {
                    go.await();
                    return http.send(
                        post(validate, coalescedReview), HttpResponse.BodyHandlers.ofString());
                  }));
        }
        go.countDown();
        for (Future<HttpResponse<String>> answer : answers) {
          if (!answer.get().body().contains("\"allowed\":true")) {
            throw new IllegalStateException(
                "coalesced request not allowed: " + answer.get().body());
          }
        }
      }
      System.out.printf(
          Locale.ROOT,
          "coalescing: 100 concurrent requests for one new digest -> %d evidence collection(s)"
              + " (target 1)%n",
          webhook.collections.get() - before);
      http.close();
      bare.close();
    }
  }

  /**
   * Pushes {@code count} signed images, a few at a time; returns them by tag, or pinned to their
   * digest.
   */
  private static List<String> pushAll(
      Webhook webhook, String prefix, int count, long firstSeed, boolean pinned) throws Exception {
    List<Future<String>> pushes = new ArrayList<>();
    try (ExecutorService pushers = Executors.newFixedThreadPool(3)) {
      for (int i = 0; i < count; i++) {
        int n = i;
        pushes.add(
            pushers.submit(
                () -> {
                  String image = webhook.pushSigned(prefix + n, "v1", firstSeed + n);
                  return pinned ? image + "@" + webhook.digestOf(image) : image;
                }));
      }
      List<String> images = new ArrayList<>();
      for (Future<String> push : pushes) {
        images.add(push.get());
      }
      return images;
    }
  }

  /**
   * What the API server does with a new image: mutate pins it, then validate decides the pinned
   * image at once; before each image, one bare GET of its manifest (by tag) on a warm connection.
   * Returns the latencies of mutate, validate and the bare GET, in milliseconds.
   */
  private static double[][] mutateThenValidate(
      HttpClient http,
      HttpClient bare,
      TestRegistry registry,
      URI mutate,
      URI validate,
      List<String> images)
      throws Exception {
    double[] mutateMillis = new double[images.size()];
    double[] validateMillis = new double[images.size()];
    double[] bareMillis = new double[images.size()];
    for (int i = 0; i < images.size(); i++) {
      String image = images.get(i);
      bareMillis[i] = bareGet(bare, registry, ImageReference.parse(image));
      long start = System.nanoTime();
      HttpResponse<String> pinned =
          http.send(
              post(mutate, Reviews.of("pod-single.json", image)),
              HttpResponse.BodyHandlers.ofString());
      mutateMillis[i] = (System.nanoTime() - start) / 1e6;
      if (!pinned.body().contains("\"patch\"")) {
        throw new IllegalStateException("mutate did not pin: " + pinned.body());
      }
      HttpRequest review =
          post(validate, Reviews.of("pod-single.json", patchedImage(pinned.body())));
      start = System.nanoTime();
      HttpResponse<String> answer = http.send(review, HttpResponse.BodyHandlers.ofString());
      validateMillis[i] = (System.nanoTime() - start) / 1e6;
      if (!answer.body().contains("\"allowed\":true")) {
        throw new IllegalStateException("flow image not allowed: " + answer.body());
      }
    }
    return new double[][] {mutateMillis, validateMillis, bareMillis};
  }

  /**
   * One bare GET of {@code image}'s manifest, on a connection made warm by a {@code GET /v2/} just
   * before; in milliseconds.
   */
  private static double bareGet(HttpClient bare, TestRegistry registry, ImageReference image)
      throws Exception {
    bare.send(
        HttpRequest.newBuilder(URI.create("http://" + registry.address() + "/v2/")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    HttpRequest manifest =
        manifestGet(
            "http://" + registry.address() + "/v2/" + image.repository(),
            image.manifestReference());
    long start = System.nanoTime();
    HttpResponse<byte[]> got = bare.send(manifest, HttpResponse.BodyHandlers.ofByteArray());
    double millis = (System.nanoTime() - start) / 1e6;
    if (got.statusCode() != 200) {
      throw new IllegalStateException("bare GET answered " + got.statusCode());
    }
    return millis;
  }

  /** One measured cold phase: decisions on new digests against bare manifest GETs. */
  record Cold(int images, double p50, double p99, double bareP50) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d new digests: validate p50 %.2f ms p99 %.2f ms; bare manifest GET p50 %.2f ms;"
              + " ratio of p50s %.2f (target <= 3)",
          images,
          p50,
          p99,
          bareP50,
          p50 / bareP50);
    }
  }

  private static Cold cold(
      HttpClient http, HttpClient bare, TestRegistry registry, URI validate, List<String> images)
      throws Exception {
    double[] coldMillis = new double[images.size()];
    double[] bareMillis = new double[images.size()];
    for (int i = 0; i < images.size(); i++) {
      // A warm connection, as the webhook's, but not a warm manifest: by digest, the decision's
      // reads are of other manifests (the .sig and referrers tags) that nothing has read yet; by
      // tag, its HEAD of the image comes after this GET.
      bareMillis[i] = bareGet(bare, registry, ImageReference.parse(images.get(i)));
      HttpRequest review = post(validate, Reviews.of("pod-single.json", images.get(i)));
      long start = System.nanoTime();
      HttpResponse<String> answer = http.send(review, HttpResponse.BodyHandlers.ofString());
      coldMillis[i] = (System.nanoTime() - start) / 1e6;
      if (!answer.body().contains("\"allowed\":true")) {
        throw new IllegalStateException("cold image not allowed: " + answer.body());
      }
    }
    return new Cold(
        images.size(),
        percentile(coldMillis, 50),
        percentile(coldMillis, 99),
        percentile(bareMillis, 50));
  }

  /**
   * The work no cold decision by digest can skip, each part measured alone, one at a time, on other
   * new images (so that no read here warms the registry for a measured decision): the webhook's own
   * TLS request (GET /healthz), the reads of the {@code .sig} manifest and of the referrers
   * fallback tag, sent bare and at once (every place is read for every image, to fail closed), and
   * the P-256 check of the signature (SignatureVerifier's, as the webhook makes it). Their sum
   * against a bare manifest GET is the lowest ratio a cold decision can have on this machine.
   */
  private static void floor(
      HttpClient http, HttpClient bare, TestRegistry registry, URI healthz, List<String> images)
      throws Exception {
    int n = images.size();
    double[] bareMillis = new double[n];
    double[] tlsMillis = new double[n];
    double[] signatureManifestMillis = new double[n];
    double[] verifyMillis = new double[n];
    for (int i = 0; i < n; i++) {
      ImageReference image = ImageReference.parse(images.get(i));
      String repository = "http://" + registry.address() + "/v2/" + image.repository();
      bareMillis[i] = bareGet(bare, registry, image);
      long start = System.nanoTime();
      requireOk(http.send(get(healthz), BYTES));
      tlsMillis[i] = (System.nanoTime() - start) / 1e6;
      start = System.nanoTime();
      var referrers =
          bare.sendAsync(manifestGet(repository, "sha256-" + image.digest().hex()), BYTES);
      HttpResponse<byte[]> signatures =
          requireOk(
              bare.send(manifestGet(repository, CosignTags.signatureTag(image.digest())), BYTES));
      if (referrers.join().statusCode() != 404) {
        throw new IllegalStateException("the floor's image has referrers: " + image);
      }
      signatureManifestMillis[i] = (System.nanoTime() - start) / 1e6;
      String signature =
          JSON.readTree(signatures.body())
              .path("layers")
              .path(0)
              .path("annotations")
              .path(LegacySignature.SIGNATURE_ANNOTATION)
              .asText();
      byte[] payload = SimpleSigningPayload.forImage(image, java.util.Map.of()).toJson();
      start = System.nanoTime();
      boolean verified =
          SignatureVerifier.verify(
              Webhook.RELEASE.publicKey(),
              payload,
              java.util.Base64.getDecoder().decode(signature));
      verifyMillis[i] = (System.nanoTime() - start) / 1e6;
      if (!verified) {
        throw new IllegalStateException("the floor's signature did not verify: " + image);
      }
    }
    // How much of a bare GET is the registry's own work: its CPU time per manifest GET, over
    // enough GETs (one after the other, on one connection) for /proc's 10 ms clock ticks.
    int gets = Math.max(2_000, n);
    java.time.Duration cpuBefore = registry.cpuTime();
    long wallBefore = System.nanoTime();
    for (int i = 0; i < gets; i++) {
      ImageReference image = ImageReference.parse(images.get(i % n));
      String repository = "http://" + registry.address() + "/v2/" + image.repository();
      requireOk(bare.send(manifestGet(repository, image.digest().toString()), BYTES));
    }
    double wallPerGet = (System.nanoTime() - wallBefore) / 1e3 / gets;
    double cpuPerGet = registry.cpuTime().minus(cpuBefore).toNanos() / 1e3 / gets;
    System.out.printf(
        Locale.ROOT,
        "registry CPU per manifest GET: %.0f us, against %.0f us wall per GET (%d GETs one after"
            + " the other)%n",
        cpuPerGet,
        wallPerGet,
        gets);
    double tls = percentile(tlsMillis, 50);
    double signatureManifest = percentile(signatureManifestMillis, 50);
    double verify = percentile(verifyMillis, 50);
    double bareGet = percentile(bareMillis, 50);
    System.out.printf(
        Locale.ROOT,
        "floor of a cold decision by digest (p50s, %d other new digests): webhook TLS request"
            + " %.2f ms + .sig manifest and referrers tag GETs at once %.2f ms + P-256 verify"
            + " %.2f ms = %.2f ms;"
            + " bare manifest GET %.2f ms; ratio %.2f%n",
        n,
        tls,
        signatureManifest,
        verify,
        tls + signatureManifest + verify,
        bareGet,
        (tls + signatureManifest + verify) / bareGet);
  }

  private static final HttpResponse.BodyHandler<byte[]> BYTES =
      HttpResponse.BodyHandlers.ofByteArray();

  /** A GET of a manifest, accepting what the registry client accepts for an image. */
  static HttpRequest manifestGet(String repository, String reference) {
    return HttpRequest.newBuilder(URI.create(repository + "/manifests/" + reference))
        .header(
            "Accept",
            "application/vnd.oci.image.manifest.v1+json,"
                + "application/vnd.docker.distribution.manifest.v2+json")
        .GET()
        .build();
  }

  private static <T> HttpResponse<T> requireOk(HttpResponse<T> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(response.uri() + " answered " + response.statusCode());
    }
    return response;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** The image the first operation of a mutate answer's JSONPatch sets. */
  private static String patchedImage(String mutateAnswer) throws Exception {
    String patch = JSON.readTree(mutateAnswer).path("response").path("patch").asText();
    return JSON.readTree(java.util.Base64.getDecoder().decode(patch)).get(0).path("value").asText();
  }

  private static void requireAllowed(HttpClient http, URI validate, String review)
      throws Exception {
    HttpResponse<String> answer =
        http.send(post(validate, review), HttpResponse.BodyHandlers.ofString());
    if (!answer.body().contains("\"allowed\":true")) {
      throw new IllegalStateException("the signed image is not allowed: " + answer.body());
    }
  }

  private static HttpRequest post(URI uri, String body) {
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
  }

  /** What one measured phase gave: requests per second and latency percentiles in ms. */
  record Phase(int requests, double seconds, double p50, double p99, double max) {
    double perSecond() {
      return requests / seconds;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%7.0f req/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%d requests)",
          perSecond(),
          p50,
          p99,
          max,
          requests);
    }
  }

  /**
   * {@code rate} requests a second for {@code seconds}, over {@code CONCURRENCY} connections (as
   * wrk2 does): each client takes the next due time, waits for it, sends; a request that cannot go
   * when due because every client is busy waits, and that wait counts in its latency.
   */
  /**
   * Requests of each kind at {@code rate} a second each, interleaved (request i is of kind i mod
   * the number of kinds), for {@code seconds}: the phases of the kinds, in their order. Latency is
   * counted from when each request was due.
   */
  private static List<Phase> fixedRate(
      HttpClient http, List<java.util.function.Supplier<HttpRequest>> kinds, int rate, int seconds)
      throws Exception {
    int count = rate * seconds * kinds.size();
    double[] latencies = new double[count];
    long interval = 1_000_000_000L / ((long) rate * kinds.size());
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    long start = System.nanoTime();
    List<Future<Void>> clients = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < CONCURRENCY; c++) {
        clients.add(
            threads.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                      java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    HttpResponse<String> answer =
                        http.send(
                            kinds.get(i % kinds.size()).get(),
                            HttpResponse.BodyHandlers.ofString());
                    latencies[i] = (System.nanoTime() - due) / 1e6;
                    if (answer.statusCode() != 200) {
                      throw new IllegalStateException("answered " + answer.statusCode());
                    }
                  }
                  return null;
                }));
      }
      for (Future<Void> client : clients) {
        client.get();
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    List<Phase> phases = new ArrayList<>();
    for (int kind = 0; kind < kinds.size(); kind++) {
      double[] ofKind = new double[count / kinds.size()];
      for (int i = 0; i < ofKind.length; i++) {
        ofKind[i] = latencies[i * kinds.size() + kind];
      }
      phases.add(
          new Phase(
              ofKind.length,
              elapsed,
              percentile(ofKind, 50),
              percentile(ofKind, 99),
              Arrays.stream(ofKind).max().orElse(0)));
    }
    return phases;
  }

  private static Phase load(
      HttpClient http, java.util.function.Supplier<HttpRequest> request, int seconds)
      throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    List<Future<List<Double>>> workers = new ArrayList<>();
    long start = System.nanoTime();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < CONCURRENCY; i++) {
        workers.add(
            clients.submit(
                () -> {
                  List<Double> latencies = new ArrayList<>();
                  while (running.get()) {
                    long sent = System.nanoTime();
                    HttpResponse<String> answer =
                        http.send(request.get(), HttpResponse.BodyHandlers.ofString());
                    latencies.add((System.nanoTime() - sent) / 1e6);
                    if (answer.statusCode() != 200) {
                      throw new IllegalStateException("answered " + answer.statusCode());
                    }
                  }
                  return latencies;
                }));
      }
      Thread.sleep(seconds * 1000L);
      running.set(false);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    List<Double> all = new ArrayList<>();
    for (Future<List<Double>> worker : workers) {
      all.addAll(worker.get());
    }
    double[] sorted = all.stream().mapToDouble(Double::doubleValue).toArray();
    return new Phase(
        sorted.length,
        elapsed,
        percentile(sorted, 50),
        percentile(sorted, 99),
        Arrays.stream(sorted).max().orElse(0));
  }

  static double percentile(double[] values, double percentile) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
  }
}
