package dev.provenant.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.oci.testing.RegistryExtension;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutate before validate: the reference rules are applied to the image as written (validate sees
 * only the pinned one), and only images a policy governs are resolved.
 */
class AdmissionMutateRulesTest {
  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Nothing listens there: resolving an image of this host fails. */
  private static final String UNREACHABLE = "127.0.0.1:1";

  @TempDir Path directory;
  private Webhook webhook;

  @AfterEach
  void stop() {
    if (webhook != null) {
      webhook.close();
    }
  }

  private Webhook webhook(String... policies) throws Exception {
    webhook = new Webhook(directory, REGISTRY.address());
    webhook.writePolicies(policies);
    return webhook;
  }

  private String policy(String name, String mode, String rule) {
    return Webhook.policy(name, mode, REGISTRY.address() + "/**", "  " + rule + ": true\n");
  }

  private JsonNode mutate(String image) throws Exception {
    return webhook
        .client
        .post("/admission/mutate", Reviews.of("pod-single.json", image))
        .response();
  }

  @Test
  void mutableTagIsDeniedAtMutateUnderAnEnforcingPolicy() throws Exception {
    webhook(policy("tags", "enforce", "denyMutableTags"));
    String image = webhook.pushSigned("shop/app", "latest", 21);
    webhook.start();

    JsonNode response = mutate(image);

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.path("status").path("message").asText())
        .startsWith("container app (image " + image + "): denied")
        .contains("policy tags")
        .contains("denyMutableTags")
        .contains("the mutable tag latest")
        .contains(image + "@" + webhook.digestOf(image));
  }

  @Test
  void tagWithoutDigestIsDeniedAtMutateWhenADigestIsRequired() throws Exception {
    webhook(policy("pinned", "enforce", "requireDigest"));
    String image = webhook.pushSigned("shop/app", "v1", 22);
    webhook.start();

    JsonNode response = mutate(image);

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asText())
        .contains("policy pinned")
        .contains("requireDigest")
        .contains("refer to the image as " + image + "@" + webhook.digestOf(image));
  }

  @Test
  void warnModeReferenceRuleWarnsAtMutateAndStillPins() throws Exception {
    webhook(policy("tags", "warn", "denyMutableTags"));
    String image = webhook.pushSigned("shop/app", "latest", 23);
    webhook.start();

    JsonNode response = mutate(image);

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
    assertThat(patch.get(0).path("value").asText())
        .isEqualTo(image + "@" + webhook.digestOf(image));
    assertThat(response.path("warnings").get(0).asText())
        .startsWith("container app: ")
        .contains("tags (warn)")
        .contains("denyMutableTags");
  }

  @Test
  void validateAloneStillDeniesAMutableTag() throws Exception {
    webhook(policy("tags", "enforce", "denyMutableTags"));
    String image = webhook.pushSigned("shop/app", "latest", 24);
    webhook.start();

    JsonNode response =
        webhook.client.post("/admission/validate", Reviews.of("pod-single.json", image)).response();

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asText()).contains("denyMutableTags");
  }

  @Test
  void imageNoPolicyMatchesIsNotResolvedAndLeftToValidate() throws Exception {
    webhook(Webhook.policy("signed", "enforce", REGISTRY.address() + "/**", ""));
    webhook.start();
    String elsewhere = UNREACHABLE + "/elsewhere/app:v1";

    JsonNode response = mutate(elsewhere);

    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
    assertThat(response.has("patch")).isFalse();
    JsonNode audit = JSON.readTree(webhook.auditLines().getLast());
    assertThat(audit.path("endpoint").asText()).isEqualTo("mutate");
    assertThat(audit.path("reason").asText()).contains("no policy matches it");
    assertThat(webhook.client.get("/metrics").body()).doesNotContain("\"" + UNREACHABLE + "\"");
  }

  @Test
  void excludedImageIsNotResolvedAndLeftToValidate() throws Exception {
    webhook(
        Webhook.policy(
            "signed",
            "enforce",
            UNREACHABLE + "/**",
            "  exclude:\n    registries: [\"" + UNREACHABLE + "\"]\n"));
    webhook.start();
    String excluded = UNREACHABLE + "/mirror/app:v1";

    JsonNode response = mutate(excluded);

    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
    assertThat(response.has("patch")).isFalse();
    JsonNode audit = JSON.readTree(webhook.auditLines().getLast());
    assertThat(audit.path("reason").asText()).contains("excludes it");
    assertThat(audit.path("excluded").get(0).asText())
        .isEqualTo("signed: exclude.registries: " + UNREACHABLE);
  }

  @Test
  void kindWithoutAKnownPodSpecIsDenied() throws Exception {
    webhook(Webhook.policy("signed", "enforce", REGISTRY.address() + "/**", ""));
    webhook.start();
    String review =
        Reviews.of("pod-single.json", "x").replace("\"kind\": \"Pod\"", "\"kind\": \"PodLike\"");

    for (String endpoint : new String[] {"/admission/validate", "/admission/mutate"}) {
      WebhookClient.Answer answer = webhook.client.post(endpoint, review);

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.response().path("allowed").asBoolean()).isFalse();
      assertThat(answer.response().path("status").path("message").asText())
          .isEqualTo(
              "kind PodLike is not one the webhook knows how to read images from; remove it from"
                  + " the webhook's rules");
    }
  }

  @Test
  void createWithoutAnObjectIsMalformedButDeleteIsAllowed() throws Exception {
    webhook(Webhook.policy("signed", "enforce", REGISTRY.address() + "/**", ""));
    webhook.start();
    ObjectNode review = (ObjectNode) JSON.readTree(Reviews.of("pod-single.json", "x"));
    ((ObjectNode) review.path("request")).remove("object");

    for (String endpoint : new String[] {"/admission/validate", "/admission/mutate"}) {
      WebhookClient.Answer answer = webhook.client.post(endpoint, review.toString());

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.json().path("error").asText()).contains("request.object is missing");
    }

    ((ObjectNode) review.path("request")).put("operation", "DELETE");
    for (String endpoint : new String[] {"/admission/validate", "/admission/mutate"}) {
      WebhookClient.Answer answer = webhook.client.post(endpoint, review.toString());

      assertThat(answer.response().path("allowed").asBoolean()).isTrue();
    }
  }
}
