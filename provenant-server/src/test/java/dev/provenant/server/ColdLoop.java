package dev.provenant.server;

import dev.provenant.oci.testing.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** TEMPORARY: cold decisions in a loop, for a profiler. */
public final class ColdLoop {
  public static void main(String[] args) throws Exception {
    int n = Integer.getInteger("cold", 1500);
    try (TestRegistry registry = TestRegistry.start();
        Webhook webhook = new Webhook(Files.createTempDirectory("cl"), registry.address())) {
      webhook.writePolicies(Webhook.policy("signed", "enforce", registry.address() + "/**", ""));
      List<String> images = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String tagged = webhook.pushSigned("cl/img" + i, "v1", i);
        images.add(tagged + "@" + webhook.digestOf(tagged));
      }
      webhook.start();
      HttpClient http =
          HttpClient.newBuilder()
              .sslContext(SelfSignedTls.trusting(webhook.tls.certificate()))
              .version(HttpClient.Version.HTTP_1_1)
              .build();
      URI validate =
          URI.create("https://127.0.0.1:" + webhook.server.port() + "/admission/validate");
      System.out.println("START");
      long t = System.nanoTime();
      for (String image : images) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(validate)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Reviews.of("pod-single.json", image)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (!r.body().contains("\"allowed\":true")) throw new IllegalStateException(r.body());
      }
      System.out.printf("END %.3f ms per decision%n", (System.nanoTime() - t) / 1e6 / n);
    }
  }
}
