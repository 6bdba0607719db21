package dev.provenant.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.oci.testing.RegistryExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the webhook looks for signatures first, under a policy that asks only for signatures: once
 * the policy was met by {@code .sig} layers, the next image is checked against its {@code .sig}
 * layers alone (one registry request), and the bundle referrers are still read when those do not
 * suffice, so that nothing signed another way is refused.
 */
class EvidenceOrderTest {
  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  @TempDir Path directory;
  private Webhook webhook;

  @BeforeEach
  void start() throws Exception {
    webhook = new Webhook(directory, REGISTRY.address());
    webhook.writePolicies(Webhook.policy("signed", "enforce", REGISTRY.address() + "/**", ""));
  }

  @AfterEach
  void stop() {
    webhook.close();
  }

  @Test
  void afterASigTagMetThePolicyTheNextImageCostsOneRequest() throws Exception {
    String first = pinned(webhook.pushSigned("order/first", "v1", 1));
    String second = pinned(webhook.pushSigned("order/second", "v1", 2));
    webhook.start();

    assertThat(validate(first).path("allowed").asBoolean()).isTrue();
    double before = registryRequests();
    JsonNode answer = validate(second);

    assertThat(answer.path("allowed").asBoolean()).isTrue();
    assertThat(registryRequests() - before).as("the .sig manifest only").isEqualTo(1);
  }

  @Test
  void aBundleSignedImageIsAllowedWhenTheSigTagWasTriedFirst() throws Exception {
    String legacy = pinned(webhook.pushSigned("order/legacy", "v1", 3));
    String bundled = webhook.pushBundleSigned("order/bundled", "v1", 4);
    String legacyAgain = pinned(webhook.pushSigned("order/legacy-again", "v1", 5));
    webhook.start();

    assertThat(validate(legacy).path("allowed").asBoolean()).isTrue();
    double before = registryRequests();
    JsonNode answer = validate(bundled);
    double forTheBundle = registryRequests() - before;
    before = registryRequests();
    JsonNode after = validate(legacyAgain);

    assertThat(answer.path("allowed").asBoolean()).as(answer.toString()).isTrue();
    assertThat(forTheBundle)
        .as("the .sig tag (none), then the fallback tag index and the bundle")
        .isGreaterThanOrEqualTo(3);
    assertThat(after.path("allowed").asBoolean()).isTrue();
    assertThat(registryRequests() - before)
        .as("after a bundle was needed, both places are read at once again")
        .isEqualTo(2);
  }

  @Test
  void anUnsignedImageIsDeniedAfterEveryPlaceWasRead() throws Exception {
    String legacy = pinned(webhook.pushSigned("order/signed", "v1", 6));
    String unsigned = pinned(webhook.push("order/unsigned", "v1", 7));
    webhook.start();

    assertThat(validate(legacy).path("allowed").asBoolean()).isTrue();
    double before = registryRequests();
    JsonNode answer = validate(unsigned);

    assertThat(answer.path("allowed").asBoolean()).isFalse();
    assertThat(answer.path("status").path("message").asText()).contains("no signatures");
    assertThat(registryRequests() - before).as("the .sig tag, then the fallback tag").isEqualTo(2);
  }

  private String pinned(String tagged) throws Exception {
    return tagged + "@" + webhook.digestOf(tagged);
  }

  private JsonNode validate(String image) throws Exception {
    return webhook
        .client
        .post("/admission/validate", Reviews.of("pod-single.json", image))
        .response();
  }

  /** The webhook's own count of registry requests, from its metrics. */
  private double registryRequests() throws Exception {
    double total = 0;
    for (String line : webhook.client.get("/metrics").body().split("\n")) {
      if (line.startsWith("provenant_registry_requests_total{")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }
}
