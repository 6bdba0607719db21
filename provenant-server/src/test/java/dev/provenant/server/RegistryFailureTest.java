package dev.provenant.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.oci.testing.TestRegistry;
import dev.provenant.server.config.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fail closed when the registry is gone or too slow: a deny with a reason, never a hang. */
class RegistryFailureTest {
  @TempDir Path directory;

  @Test
  void registryStoppedMidTestDeniesWithAReasonBeforeTheDeadline() throws Exception {
    try (TestRegistry registry = TestRegistry.start();
        Webhook webhook = new Webhook(directory, registry.address())) {
      webhook.writePolicies(Webhook.policy("signed", "enforce", registry.address() + "/**", ""));
      String image = webhook.pushSigned("shop/gone", "v1", 1);
      webhook.start(Map.of(Setting.DEADLINE, "9s"));

      registry.close();
      JsonNode response =
          webhook
              .client
              .post("/admission/validate", Reviews.of("pod-single.json", image))
              .response();

      assertThat(response.path("allowed").asBoolean()).isFalse();
      assertThat(response.path("status").path("message").asText())
          .startsWith("container app (image " + image + "): denied")
          .contains(registry.address())
          .doesNotContain("timed out");
    }
  }

  @Test
  void registrySlowerThanTheDeadlineDeniesAsTimedOut() throws Exception {
    try (TestRegistry registry = TestRegistry.start();
        DelayingProxy proxy =
            new DelayingProxy(
                Integer.parseInt(registry.address().substring("127.0.0.1:".length())),
                Duration.ofSeconds(2));
        Webhook webhook = new Webhook(directory, registry.address())) {
      webhook.writePolicies(Webhook.policy("signed", "enforce", proxy.address() + "/**", ""));
      webhook.pushSigned("shop/slow", "v1", 2);
      String image = proxy.address() + "/shop/slow:v1";
      webhook.start(Map.of(Setting.DEADLINE, "1s"));

      JsonNode response =
          webhook
              .client
              .post("/admission/validate", Reviews.of("pod-single.json", image))
              .response();

      assertThat(response.path("allowed").asBoolean()).isFalse();
      assertThat(response.path("status").path("message").asText())
          .startsWith(
              "container app (image " + image + "): denied: timed out after 1s deciding " + image);
    }
  }
}
