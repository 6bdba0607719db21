package dev.provenant.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cold decision reads: the {@code .sig} manifest and the bundle referrers, both every time,
 * and not the payload cosign writes for the image (the layer digest pins it). A place that cannot
 * be read denies the image even when the other already meets the policy.
 */
class EvidenceRequestsTest {
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
  void aColdDecisionByDigestReadsTheSigManifestAndTheReferrersOnly() throws Exception {
    String first = pinned(webhook.pushSigned("requests/first", "v1", 1));
    String second = pinned(webhook.pushSigned("requests/second", "v1", 2));
    webhook.start();

    // The first decision also learns that this registry has no referrers API.
    assertThat(webhook.allows(first)).isTrue();
    double before = webhook.registryRequests();
    JsonNode answer = webhook.validate(second);

    assertThat(answer.path("allowed").asBoolean()).isTrue();
    assertThat(webhook.registryRequests() - before)
        .as("the .sig manifest and the referrers fallback tag; no payload blob")
        .isEqualTo(2);
  }

  @Test
  void aBundleSignedImageIsAllowed() throws Exception {
    String legacy = pinned(webhook.pushSigned("requests/legacy", "v1", 3));
    String bundled = webhook.pushBundleSigned("requests/bundled", "v1", 4);
    webhook.start();

    assertThat(webhook.allows(legacy)).isTrue();
    JsonNode answer = webhook.validate(bundled);

    assertThat(answer.path("allowed").asBoolean()).as(answer.toString()).isTrue();
  }

  @Test
  void anUnreadableReferrersTagDeniesASigSignedImageEveryTime() throws Exception {
    String signed = pinned(webhook.pushSigned("requests/signed", "v1", 5));
    String broken = pinned(webhook.pushSigned("requests/broken", "v1", 6));
    // The referrers fallback tag of the broken image holds an image, not an index.
    ImageReference image = ImageReference.parse(broken);
    try (RegistryClient client = webhook.registryClient()) {
      TestImages.push(
          client, image.repository(), "sha256-" + image.digest().hex(), 7, 64, Map.of());
    }
    webhook.start();

    JsonNode cold = webhook.validate(broken);
    assertThat(webhook.allows(signed)).isTrue();
    JsonNode afterASigSignedImage = webhook.validate(broken);

    for (JsonNode answer : new JsonNode[] {cold, afterASigSignedImage}) {
      assertThat(answer.path("allowed").asBoolean()).as(answer.toString()).isFalse();
      assertThat(answer.path("status").path("message").asText())
          .contains("the referrers fallback tag holds a manifest that is not an index");
    }
  }

  private String pinned(String tagged) throws Exception {
    return tagged + "@" + webhook.digestOf(tagged);
  }
}
