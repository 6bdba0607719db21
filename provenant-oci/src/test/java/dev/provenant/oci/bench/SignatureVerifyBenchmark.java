package dev.provenant.oci.bench;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.keys.SigningKey;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.verification.VerificationReport;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.registry.Credentials;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.signature.CosignTags;
import dev.provenant.oci.signature.LegacySigner;
import dev.provenant.oci.signature.LegacyVerifier;
import dev.provenant.oci.testing.TestImages;
import dev.provenant.oci.testing.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * Verifies a keyed legacy signature on a loopback docker-registry, as {@code provenant verify
 * --key} does (resolve the tag, read the {@code .sig} manifest, check; the payload, cosign's for
 * this image, is not fetched: the layer digest pins it), and compares it with the requests cosign
 * makes for the same check, sent bare on one reused connection, no auth, parsing or crypto: HEAD
 * the tag, GET the {@code .sig} manifest, GET the payload. Each round uses a fresh client, as a CLI
 * run does. Run with {@code bench/signature-verify.sh}.
 */
public final class SignatureVerifyBenchmark {
  private static final int ROUNDS = 200;
  private static final String REPOSITORY = "bench/signed";

  public static void main(String[] args) throws Exception {
    try (TestRegistry registry = TestRegistry.start()) {
      String address = registry.address();
      SigningKey key = SigningKey.generateEcP256();
      Digest digest;
      ImageReference image;
      try (RegistryClient client = client(address)) {
        digest = TestImages.push(client, REPOSITORY, "v1", 1, 4096, Map.of()).manifest();
        image = ImageReference.parse(address + "/" + REPOSITORY + ":v1").withDigest(digest);
        LegacySigner.sign(client, image, key, Map.of(), null);
      }
      ImageReference tagOnly = ImageReference.parse(address + "/" + REPOSITORY + ":v1");
      String sigManifestUrl =
          "http://"
              + address
              + "/v2/"
              + REPOSITORY
              + "/manifests/"
              + CosignTags.signatureTag(digest);

      long best = Long.MAX_VALUE;
      long bestBare = Long.MAX_VALUE;
      long requests = 0;
      HttpClient bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String payloadUrl = null;
      for (int round = 0; round < ROUNDS; round++) {
        long t0 = System.nanoTime();
        try (RegistryClient client = client(address)) {
          Digest resolved =
              client.headManifest(REPOSITORY, tagOnly.manifestReference()).orElseThrow().digest();
          VerificationReport report =
              LegacyVerifier.verify(
                  client, tagOnly.withDigest(resolved), resolved, List.of(key.publicKey()), null);
          if (!report.verified()) {
            throw new IllegalStateException("the signature did not verify: " + report);
          }
          requests = client.stats().requests();
        }
        best = Math.min(best, System.nanoTime() - t0);

        t0 = System.nanoTime();
        send(bare, "HEAD", "http://" + address + "/v2/" + REPOSITORY + "/manifests/v1");
        String sigManifest = send(bare, "GET", sigManifestUrl);
        if (payloadUrl == null) {
          int at = sigManifest.indexOf("\"digest\":\"", sigManifest.indexOf("\"layers\""));
          String layer = sigManifest.substring(at + 10, sigManifest.indexOf('"', at + 10));
          payloadUrl = "http://" + address + "/v2/" + REPOSITORY + "/blobs/" + layer;
        }
        send(bare, "GET", payloadUrl);
        bestBare = Math.min(bestBare, System.nanoTime() - t0);
      }
      System.out.printf(
          "verify one keyed legacy signature (best of %d): provenant %.2f ms, %d requests"
              + " | bare 3 requests (HEAD tag, GET .sig manifest, GET payload) %.2f ms"
              + " | ratio %.2f%n",
          ROUNDS, best / 1e6, requests, bestBare / 1e6, (double) best / bestBare);
    }
  }

  private static RegistryClient client(String address) {
    return RegistryClient.builder(address)
        .allowHttp(true)
        .credentials(Credentials.anonymous())
        .build();
  }

  private static String send(HttpClient http, String method, String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", String.join(",", MediaTypes.MANIFEST_TYPES))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(method + " " + url + " answered " + response.statusCode());
    }
    return response.body();
  }
}
