package dev.provenant.server;

import dev.provenant.core.reference.ImageReference;
import dev.provenant.oci.signature.CosignTags;
import dev.provenant.oci.testing.TestRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The two reads of an uncached admission decision by digest, the {@code .sig} manifest and the
 * referrers fallback tag, sent at once on a {@code java.net.http} client, against one manifest GET
 * on the same client; for each executor the client can run its hand-offs on: its own (platform
 * threads, what the registry client uses), virtual threads, and inline on its selector thread. The
 * three are taken in turn for every image, so that a stall of the shared machine falls on all
 * alike. Run by {@code BENCH_CLASS=RegistryReadsBenchmark bench/webhook.sh}; {@code -Dimages=400
 * -Drounds=3}.
 */
public final class RegistryReadsBenchmark {
  private static final int IMAGES = Integer.getInteger("images", 400);
  private static final int ROUNDS = Integer.getInteger("rounds", 3);
  private static final HttpResponse.BodyHandler<byte[]> BYTES =
      HttpResponse.BodyHandlers.ofByteArray();

  private RegistryReadsBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path directory = Files.createTempDirectory("registry-reads-bench");
    try (TestRegistry registry = TestRegistry.start();
        Webhook webhook = new Webhook(directory, registry.address());
        ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<ImageReference> images = new ArrayList<>();
      for (int i = 0; i < IMAGES; i++) {
        String image = webhook.pushSigned("reads/image" + i, "v1", 100 + i);
        images.add(ImageReference.parse(image + "@" + webhook.digestOf(image)));
      }
      String[] names = {"own threads", "virtual threads", "inline"};
      HttpClient[] clients = {
        client().build(),
        client().executor(virtualThreads).build(),
        client().executor(Runnable::run).build()
      };
      System.out.printf(
          Locale.ROOT,
          "registry %s, %d signed images, %d cores%n",
          registry.address(),
          IMAGES,
          Runtime.getRuntime().availableProcessors());
      for (int round = 1; round <= ROUNDS; round++) {
        double[][] one = new double[clients.length][IMAGES];
        double[][] both = new double[clients.length][IMAGES];
        for (int i = 0; i < IMAGES; i++) {
          ImageReference image = images.get(i);
          String repository = "http://" + registry.address() + "/v2/" + image.repository();
          HttpRequest manifest =
              WebhookBenchmark.manifestGet(repository, image.digest().toString());
          HttpRequest signatures =
              WebhookBenchmark.manifestGet(repository, CosignTags.signatureTag(image.digest()));
          HttpRequest referrers =
              WebhookBenchmark.manifestGet(repository, "sha256-" + image.digest().hex());
          for (int turn = 0; turn < clients.length; turn++) {
            int c = (i + turn) % clients.length;
            HttpClient client = clients[c];
            long start = System.nanoTime();
            int manifestStatus = client.send(manifest, BYTES).statusCode();
            one[c][i] = (System.nanoTime() - start) / 1e6;
            if (manifestStatus != 200) {
              throw new IllegalStateException(image + ": manifest answered " + manifestStatus);
            }
            start = System.nanoTime();
            CompletableFuture<HttpResponse<byte[]>> fallback = client.sendAsync(referrers, BYTES);
            int signatureStatus = client.send(signatures, BYTES).statusCode();
            int fallbackStatus = fallback.join().statusCode();
            both[c][i] = (System.nanoTime() - start) / 1e6;
            if (signatureStatus != 200 || fallbackStatus != 404) {
              throw new IllegalStateException(
                  image
                      + ": .sig answered "
                      + signatureStatus
                      + ", referrers tag "
                      + fallbackStatus);
            }
          }
        }
        for (int c = 0; c < clients.length; c++) {
          double single = WebhookBenchmark.percentile(one[c], 50);
          double pair = WebhookBenchmark.percentile(both[c], 50);
          System.out.printf(
              Locale.ROOT,
              "round %d %-16s one manifest GET p50 %.2f ms | .sig and referrers tag at once p50"
                  + " %.2f ms | ratio %.2f%n",
              round,
              names[c],
              single,
              pair,
              pair / single);
        }
      }
      for (HttpClient client : clients) {
        client.shutdownNow();
      }
    }
  }

  private static HttpClient.Builder client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
  }
}
