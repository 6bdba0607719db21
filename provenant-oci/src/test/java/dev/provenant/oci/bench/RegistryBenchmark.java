package dev.provenant.oci.bench;

import dev.provenant.core.reference.ImageReference;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.inspect.ImageInspector;
import dev.provenant.oci.location.ImageLocation;
import dev.provenant.oci.location.OpenedImage;
import dev.provenant.oci.registry.Credentials;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.registry.RequestStats;
import dev.provenant.oci.testing.TestImages;
import dev.provenant.oci.testing.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Lists 1,000 tags and inspects 200 images on a loopback docker-registry, and compares the wall
 * time with the floor: the same GETs (tag list; manifest and config per image) sent by a bare
 * {@link HttpClient} with the same parallelism, no auth, parsing or verification. Run with {@code
 * bench/registry.sh}.
 */
public final class RegistryBenchmark {
  private static final int TAGS = 1000;
  private static final int IMAGES = 200;
  private static final int PARALLELISM = 8;
  private static final int ROUNDS = 5;
  private static final String REPOSITORY = "bench/app";

  public static void main(String[] args) throws Exception {
    try (TestRegistry registry = TestRegistry.start();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      String address = registry.address();
      List<String> tags = new ArrayList<>();
      List<String> configs = new ArrayList<>();
      try (RegistryClient client = client(address)) {
        for (int i = 0; i < IMAGES; i++) {
          var image = TestImages.push(client, REPOSITORY, "img-" + i, i, 4096, Map.of("n", "" + i));
          tags.add("img-" + i);
          configs.add(image.config().toString());
          if (i == 0) {
            for (int t = 0; t < TAGS - IMAGES; t++) {
              client.pushManifest(
                  REPOSITORY, "extra-" + t, image.manifestBytes(), MediaTypes.OCI_MANIFEST);
            }
          }
        }
      }
      System.out.printf(
          "registry: docker-registry on %s; %d tags, %d images, parallelism %d, best of %d rounds%n",
          address, TAGS, IMAGES, PARALLELISM, ROUNDS);

      long bestList = Long.MAX_VALUE, bestBareList = Long.MAX_VALUE;
      long bestInspect = Long.MAX_VALUE, bestBareInspect = Long.MAX_VALUE;
      RequestStats listStats = null, inspectStats = null;
      HttpClient bare =
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads).build();
      for (int round = 0; round < ROUNDS; round++) {
        try (RegistryClient client = client(address)) {
          long t0 = System.nanoTime();
          int listed = client.listTags(REPOSITORY).size();
          bestList = Math.min(bestList, System.nanoTime() - t0);
          if (listed != TAGS) {
            throw new IllegalStateException("listed " + listed + " tags, expected " + TAGS);
          }
          listStats = client.stats();
        }
        long t0 = System.nanoTime();
        get(bare, "http://" + address + "/v2/" + REPOSITORY + "/tags/list");
        bestBareList = Math.min(bestBareList, System.nanoTime() - t0);

        try (RegistryClient client = client(address)) {
          t0 = System.nanoTime();
          runAll(
              threads,
              tags,
              tag -> {
                ImageLocation.Registry location =
                    new ImageLocation.Registry(
                        ImageReference.parse(address + "/" + REPOSITORY + ":" + tag));
                var opened = new OpenedImage(location, client.source(REPOSITORY), tag, null);
                return ImageInspector.inspect(opened, null).image().labels().size();
              });
          bestInspect = Math.min(bestInspect, System.nanoTime() - t0);
          inspectStats = client.stats();
        }
        t0 = System.nanoTime();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
          indexes.add(i);
        }
        runAll(
            threads,
            indexes,
            i -> {
              get(bare, "http://" + address + "/v2/" + REPOSITORY + "/manifests/" + tags.get(i));
              get(bare, "http://" + address + "/v2/" + REPOSITORY + "/blobs/" + configs.get(i));
              return 0;
            });
        bestBareInspect = Math.min(bestBareInspect, System.nanoTime() - t0);
      }
      System.out.printf(
          "list %d tags:      provenant %6.1f ms, %d requests | bare GET %6.1f ms | ratio %.2f%n",
          TAGS,
          ms(bestList),
          listStats.requests(),
          ms(bestBareList),
          (double) bestList / bestBareList);
      System.out.printf(
          "inspect %d images: provenant %6.1f ms, %.2f requests/image (%d in all) | bare 2 GETs/image %6.1f ms | ratio %.2f%n",
          IMAGES,
          ms(bestInspect),
          (double) inspectStats.requests() / IMAGES,
          inspectStats.requests(),
          ms(bestBareInspect),
          (double) bestInspect / bestBareInspect);
    }
  }

  private static RegistryClient client(String address) {
    return RegistryClient.builder(address)
        .allowHttp(true)
        .credentials(Credentials.anonymous())
        .build();
  }

  private interface Task<T> {
    Object run(T item) throws Exception;
  }

  /** Runs {@code task} over {@code items} on virtual threads, at most PARALLELISM at once. */
  private static <T> void runAll(ExecutorService threads, List<T> items, Task<T> task)
      throws Exception {
    Semaphore permits = new Semaphore(PARALLELISM);
    List<Future<Object>> futures = new ArrayList<>();
    for (T item : items) {
      Callable<Object> call =
          () -> {
            permits.acquire();
            try {
              return task.run(item);
            } finally {
              permits.release();
            }
          };
      futures.add(threads.submit(call));
    }
    for (Future<Object> future : futures) {
      future.get();
    }
  }

  private static void get(HttpClient http, String url) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Accept", String.join(",", MediaTypes.MANIFEST_TYPES))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode());
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
