package dev.provenant.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.server.config.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook over real TLS against a real registry, with images signed by Provenant. */
class AdmissionWebhookTest {
  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private Webhook webhook;

  private Webhook webhook(String... policies) throws Exception {
    webhook = new Webhook(directory, REGISTRY.address());
    webhook.writePolicies(policies);
    return webhook;
  }

  private String signedPolicy() {
    return Webhook.policy("signed", "enforce", REGISTRY.address() + "/**", "");
  }

  @AfterEach
  void stop() {
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  void signedImageIsAllowedAndAudited() throws Exception {
    webhook(signedPolicy());
    String image = webhook.pushSigned("shop/signed", "v1", 1);
    webhook.start();

    WebhookClient.Answer answer =
        webhook.client.post(
            "/admission/validate",
            Reviews.of("pod-single.json", Map.of("IMAGE_MAIN", image, "UID", "uid-signed")));

    assertThat(answer.status()).isEqualTo(200);
    JsonNode review = answer.json();
    assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(review.path("response").path("uid").asText()).isEqualTo("uid-signed");
    assertThat(review.path("response").path("allowed").asBoolean()).isTrue();
    JsonNode audit = JSON.readTree(webhook.auditLines().getLast());
    assertThat(audit.path("uid").asText()).isEqualTo("uid-signed");
    assertThat(audit.path("namespace").asText()).isEqualTo("shop");
    assertThat(audit.path("kind").asText()).isEqualTo("Pod");
    assertThat(audit.path("name").asText()).isEqualTo("one");
    assertThat(audit.path("operation").asText()).isEqualTo("CREATE");
    assertThat(audit.path("image").asText()).isEqualTo(image);
    assertThat(audit.path("digest").asText()).isEqualTo(webhook.digestOf(image).toString());
    assertThat(audit.path("decision").asText()).isEqualTo("allowed");
    assertThat(audit.path("dryRun").asBoolean()).isFalse();
  }

  @Test
  void unsignedImageIsDeniedNamingTheImageAndRule() throws Exception {
    webhook(signedPolicy());
    String image = webhook.push("shop/unsigned", "v1", 2);
    webhook.start();

    JsonNode response =
        webhook.client.post("/admission/validate", Reviews.of("pod-single.json", image)).response();

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
    String message = response.path("status").path("message").asText();
    assertThat(message)
        .startsWith("container app (image " + image + "): denied")
        .contains("policy signed")
        .contains("authorities");
    JsonNode audit = JSON.readTree(webhook.auditLines().getLast());
    assertThat(audit.path("decision").asText()).isEqualTo("denied");
    assertThat(audit.path("failedRules").toString()).contains("signed/authorities");
  }

  @Test
  void warnModeAllowsWithWarnings() throws Exception {
    webhook(Webhook.policy("advisory", "warn", REGISTRY.address() + "/**", ""));
    String image = webhook.push("shop/warned", "v1", 3);
    webhook.start();

    JsonNode response =
        webhook.client.post("/admission/validate", Reviews.of("pod-single.json", image)).response();

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("warnings")).isNotEmpty();
    for (JsonNode warning : response.path("warnings")) {
      assertThat(warning.asText()).hasSizeLessThanOrEqualTo(256).startsWith("container app: ");
    }
    assertThat(response.path("warnings").get(0).asText()).contains("advisory (warn)");
    assertThat(JSON.readTree(webhook.auditLines().getLast()).path("decision").asText())
        .isEqualTo("warned");
  }

  @Test
  void excludedRegistryIsAllowedAndTheAuditSaysWhy() throws Exception {
    webhook(
        Webhook.policy(
            "signed",
            "enforce",
            REGISTRY.address() + "/**",
            "  exclude:\n    registries: [\"" + REGISTRY.address() + "\"]\n"));
    String image = webhook.push("shop/excluded", "v1", 4);
    webhook.start();

    JsonNode response =
        webhook.client.post("/admission/validate", Reviews.of("pod-single.json", image)).response();

    assertThat(response.path("allowed").asBoolean()).isTrue();
    JsonNode audit = JSON.readTree(webhook.auditLines().getLast());
    assertThat(audit.path("decision").asText()).isEqualTo("allowed");
    assertThat(audit.path("excluded").get(0).asText())
        .isEqualTo("signed: exclude.registries: " + REGISTRY.address());
    assertThat(audit.path("reason").asText()).contains("excludes it");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pod.json",
        "pod-ephemeral.json",
        "deployment.json",
        "replicaset.json",
        "statefulset.json",
        "daemonset.json",
        "job.json",
        "cronjob.json"
      })
  void mutatePinsEveryContainerImageOfEachKind(String fixture) throws Exception {
    webhook(signedPolicy());
    String main = webhook.pushSigned("shop/main", "v1", 10);
    String sidecar = webhook.pushSigned("shop/sidecar", "v1", 11);
    String init = webhook.pushSigned("shop/init", "v1", 12);
    String debug = webhook.pushSigned("shop/debug", "v1", 13);
    Digest pinnedDigest = webhook.digestOf(debug);
    String alreadyPinned = debug + "@" + pinnedDigest;
    webhook.start();
    String review =
        Reviews.of(
            fixture,
            Map.of(
                "IMAGE_MAIN",
                main,
                "IMAGE_SIDECAR",
                sidecar,
                "IMAGE_INIT",
                init,
                "IMAGE_DEBUG",
                fixture.equals("pod-ephemeral.json") ? debug : alreadyPinned));

    JsonNode response = webhook.client.post("/admission/mutate", review).response();

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
    String spec =
        switch (fixture) {
          case "pod.json", "pod-ephemeral.json" -> "/spec";
          case "cronjob.json" -> "/spec/jobTemplate/spec/template/spec";
          default -> "/spec/template/spec";
        };
    List<String> expected = new ArrayList<>();
    expected.add(op(spec + "/initContainers/0/image", init + "@" + webhook.digestOf(init)));
    expected.add(op(spec + "/containers/0/image", main + "@" + webhook.digestOf(main)));
    expected.add(op(spec + "/containers/1/image", sidecar + "@" + webhook.digestOf(sidecar)));
    if (fixture.equals("pod-ephemeral.json")) {
      expected.add(op(spec + "/ephemeralContainers/0/image", debug + "@" + pinnedDigest));
    }
    List<String> ops = new ArrayList<>();
    patch.forEach(op -> ops.add(op.toString()));
    assertThat(ops).containsExactlyElementsOf(expected);

    // The same review then passes validation: every image is signed.
    JsonNode validated = webhook.client.post("/admission/validate", review).response();
    assertThat(validated.path("allowed").asBoolean()).as(validated.toString()).isTrue();
  }

  private static String op(String path, String value) {
    return JSON.createObjectNode()
        .put("op", "replace")
        .put("path", path)
        .put("value", value)
        .toString();
  }

  @Test
  void validateAfterMutateUsesTheDecisionMutateStartedAndAuditsItOnce() throws Exception {
    webhook(signedPolicy());
    String image = webhook.pushSigned("shop/prefetched", "v1", 14);
    webhook.start();
    String pinned = image + "@" + webhook.digestOf(image);

    JsonNode mutated =
        webhook.client.post("/admission/mutate", Reviews.of("pod-single.json", image)).response();
    long until = System.nanoTime() + 10_000_000_000L;
    while (webhook.collections.get() == 0 && System.nanoTime() < until) {
      Thread.sleep(10); // mutate answers at once; the evidence is read behind it
    }
    int collectedBeforeValidate = webhook.collections.get();
    JsonNode validated =
        webhook
            .client
            .post("/admission/validate", Reviews.of("pod-single.json", pinned))
            .response();

    assertThat(mutated.path("allowed").asBoolean()).isTrue();
    assertThat(validated.path("allowed").asBoolean()).as(validated.toString()).isTrue();
    assertThat(collectedBeforeValidate).isEqualTo(1);
    assertThat(webhook.collections.get()).isEqualTo(1);
    // The decision mutate started is not audited as one: mutate's pin and validate's decision are.
    List<String> audit = webhook.auditLines();
    assertThat(audit).hasSize(2);
    assertThat(JSON.readTree(audit.get(0)).path("endpoint").asText()).isEqualTo("mutate");
    assertThat(JSON.readTree(audit.get(1)).path("endpoint").asText()).isEqualTo("validate");
    assertThat(JSON.readTree(audit.get(1)).path("image").asText()).isEqualTo(pinned);
  }

  @Test
  void mutateDeniesAnImageThatCannotBeResolved() throws Exception {
    webhook(signedPolicy());
    webhook.start();
    String missing = REGISTRY.address() + "/shop/missing:v9";

    JsonNode response =
        webhook.client.post("/admission/mutate", Reviews.of("pod-single.json", missing)).response();

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asText())
        .startsWith("container app (image " + missing + "): denied: the image cannot be resolved");
  }

  @Test
  void malformedReviewsAre400WithAReason() throws Exception {
    webhook(signedPolicy());
    webhook.start(Map.of(dev.provenant.server.config.Setting.MAX_REQUEST_BYTES, "4096"));

    WebhookClient.Answer notJson =
        webhook.client.post("/admission/validate", Reviews.raw("not-json.txt"));
    WebhookClient.Answer wrongVersion =
        webhook.client.post("/admission/validate", Reviews.of("wrong-api-version.json", "x"));
    WebhookClient.Answer noUid =
        webhook.client.post("/admission/mutate", Reviews.of("missing-uid.json", "x"));
    WebhookClient.Answer tooLarge =
        webhook.client.post("/admission/validate", "{\"pad\":\"" + "x".repeat(5000) + "\"}");

    assertThat(List.of(notJson, wrongVersion, noUid, tooLarge))
        .allSatisfy(answer -> assertThat(answer.status()).isEqualTo(400));
    assertThat(notJson.json().path("error").asText()).contains("not JSON");
    assertThat(wrongVersion.json().path("error").asText())
        .contains("apiVersion must be admission.k8s.io/v1, found 'admission.k8s.io/v1beta1'");
    assertThat(noUid.json().path("error").asText()).contains("request.uid is missing");
    assertThat(tooLarge.json().path("error").asText()).contains("larger than 4096 bytes");
  }

  @Test
  void dryRunIsEvaluatedAndAuditedAsDryRun() throws Exception {
    webhook(signedPolicy());
    String image = webhook.push("shop/dry", "v1", 5);
    webhook.start();

    JsonNode response =
        webhook
            .client
            .post(
                "/admission/validate",
                Reviews.of("pod-single.json", Map.of("IMAGE_MAIN", image, "DRY_RUN", "true")))
            .response();

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(JSON.readTree(webhook.auditLines().getLast()).path("dryRun").asBoolean()).isTrue();
  }

  @Test
  void concurrentRequestsForANewDigestCollectEvidenceOnce() throws Exception {
    webhook(signedPolicy());
    String image = webhook.pushSigned("shop/popular", "v1", 6);
    webhook.start();
    String review = Reviews.of("pod-single.json", image);

    List<Future<WebhookClient.Answer>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 100; i++) {
        answers.add(pool.submit(() -> webhook.client.post("/admission/validate", review)));
      }
    }

    for (Future<WebhookClient.Answer> answer : answers) {
      assertThat(answer.get().response().path("allowed").asBoolean()).isTrue();
    }
    assertThat(webhook.collections).hasValue(1);
  }

  @Test
  void refusedEvidenceIsForgottenSoonSoAnImageSignedLaterIsAdmitted() throws Exception {
    webhook(signedPolicy());
    String image = webhook.push("shop/late", "v1", 14);
    webhook.start(
        Map.of(
            dev.provenant.server.config.Setting.NEGATIVE_CACHE_TTL, "200ms",
            dev.provenant.server.config.Setting.RESOLVE_CACHE_TTL, "200ms"));
    assertThat(webhook.allows(image)).isFalse();

    webhook.pushSigned("shop/late", "v1", 14);
    Thread.sleep(400);

    assertThat(webhook.allows(image)).isTrue();
    assertThat(webhook.collections).hasValue(2);
  }

  @Test
  void changedPolicyFileIsUsedForTheNextDecision() throws Exception {
    webhook(signedPolicy());
    String image = webhook.push("shop/reload", "v1", 7);
    webhook.start();
    String revision = webhook.server.policies().orElseThrow().revision();
    assertThat(
            webhook
                .client
                .post("/admission/validate", Reviews.of("pod-single.json", image))
                .response()
                .path("allowed")
                .asBoolean())
        .isFalse();

    webhook.writePolicies(Webhook.policy("signed", "warn", REGISTRY.address() + "/**", ""));
    webhook.awaitRevisionOtherThan(revision);

    JsonNode response =
        webhook.client.post("/admission/validate", Reviews.of("pod-single.json", image)).response();
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("warnings").get(0).asText()).contains("signed (warn)");
  }

  @Test
  void everyRewriteOfThePolicyFileIsLoaded() throws Exception {
    webhook(signedPolicy());
    webhook.start(Map.of(Setting.RELOAD_INTERVAL, "5ms"));
    String revision = webhook.revision();

    // Each rewrite as soon as the last is in force: one landing while the watcher was still
    // finishing the previous reload was once never loaded.
    for (int round = 0; round < 200; round++) {
      // The same size each time: only the content and the modification time tell them apart.
      webhook.writePolicies(String.format("# round %03d\n", round) + signedPolicy());
      revision = webhook.awaitRevisionOtherThan(revision);
    }
  }

  @Test
  void brokenPolicyFileKeepsTheOldPoliciesAndReadyzSaysWhy() throws Exception {
    webhook(signedPolicy());
    webhook.start();
    String revision = webhook.server.policies().orElseThrow().revision();

    webhook.writePolicies(
        "apiVersion: provenant.dev/v1\nkind: ImagePolicy\nmetadata: {name: x}\nspec: {mode: sometimes}\n");
    long until = System.nanoTime() + 10_000_000_000L;
    while (webhook.server.policyProblem().isEmpty() && System.nanoTime() < until) {
      Thread.sleep(50);
    }

    assertThat(webhook.server.policies().orElseThrow().revision()).isEqualTo(revision);
    WebhookClient.Answer ready = webhook.client.get("/readyz");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().path("revision").asText()).isEqualTo(revision);
    assertThat(ready.json().path("problem").asText()).contains("policy.yaml");
  }

  @Test
  void healthReadinessAndMetrics() throws Exception {
    webhook(signedPolicy());
    String signed = webhook.pushSigned("shop/metered", "v1", 8);
    String unsigned = webhook.push("shop/unmetered", "v1", 9);
    webhook.start();
    webhook.client.post("/admission/validate", Reviews.of("pod-single.json", signed));
    webhook.client.post("/admission/validate", Reviews.of("pod-single.json", signed));
    webhook.client.post("/admission/validate", Reviews.of("pod-single.json", unsigned));

    assertThat(webhook.client.get("/healthz").status()).isEqualTo(200);
    WebhookClient.Answer ready = webhook.client.get("/readyz");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().path("policies").asInt()).isEqualTo(1);
    String metrics = webhook.client.get("/metrics").body();
    assertThat(metrics)
        .contains("provenant_admission_decisions_total{result=\"allowed\"} 2.0")
        .contains("provenant_admission_decisions_total{result=\"denied\"} 1.0")
        .contains("provenant_admission_request_seconds_bucket{endpoint=\"validate\"")
        .contains("provenant_admission_request_seconds_count{endpoint=\"validate\"} 3")
        // The second request for the signed image is answered from the decision just made.
        .contains("provenant_cache_requests_total{cache=\"decision\",result=\"hit\"} 1.0")
        .contains("provenant_cache_requests_total{cache=\"decision\",result=\"miss\"} 2.0")
        .contains("provenant_cache_requests_total{cache=\"evidence\",result=\"miss\"} 2.0")
        .contains("provenant_registry_requests_total{registry=\"" + REGISTRY.address() + "\"}");
  }
}
