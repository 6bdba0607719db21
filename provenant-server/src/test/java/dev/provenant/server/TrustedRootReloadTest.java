package dev.provenant.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.server.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trusted root given as a file is watched like the policies: when it changes, every cached
 * verification is dropped (it was made under the old root); when the new file is broken, the
 * previous root stays in force and {@code /readyz} says why.
 */
class TrustedRootReloadTest {
  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  private static final String ROOT =
      "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\","
          + "\"tlogs\":[],\"certificateAuthorities\":[],\"ctlogs\":[],"
          + "\"timestampAuthorities\":[]}";

  @TempDir Path directory;
  private Webhook webhook;

  @AfterEach
  void stop() {
    if (webhook != null) {
      webhook.close();
    }
  }

  private void writeRoot(Path file, String content) throws Exception {
    Path tmp = directory.resolve("root.tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aChangedRootDropsCachedVerificationsAndABrokenOneKeepsThePrevious() throws Exception {
    Path root = directory.resolve("trusted_root.json");
    writeRoot(root, ROOT);
    webhook = new Webhook(directory, REGISTRY.address());
    webhook.writePolicies(Webhook.policy("signed", "enforce", REGISTRY.address() + "/**", ""));
    String image = webhook.pushSigned("trust/app", "v1", 21);
    webhook.start(Map.of(Setting.TRUSTED_ROOT, root.toString(), Setting.RELOAD_INTERVAL, "50ms"));

    assertThat(webhook.allows(image)).isTrue();
    int collectedUnderTheFirstRoot = webhook.collections.get();
    writeRoot(root, ROOT.replace(",", ", ")); // the same trust, a new file: a rotation
    awaitReload();
    boolean allowedUnderTheNewRoot = webhook.allows(image);
    int collectedUnderTheNewRoot = webhook.collections.get();
    writeRoot(root, "{not json");
    JsonNode ready = awaitProblem();
    boolean allowedWithTheBrokenFile = webhook.allows(image);
    // A broken root file does not hold back a policy change (here: a key nobody signed with).
    String revision = webhook.server.policies().orElseThrow().revision();
    java.nio.file.Files.writeString(
        directory.resolve("other.pub"),
        dev.provenant.core.keys.PublicKeys.toPem(
            dev.provenant.core.keys.SigningKey.generateEcP256().publicKey()));
    webhook.writePolicies(
        Webhook.policy("signed", "enforce", REGISTRY.address() + "/**", "")
            .replace("file: release.pub", "file: other.pub"));
    long until = System.nanoTime() + 10_000_000_000L;
    while (webhook.server.policies().orElseThrow().revision().equals(revision)
        && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    boolean allowedUnderTheNewPolicy = webhook.allows(image);

    assertThat(collectedUnderTheFirstRoot).isEqualTo(1);
    assertThat(allowedUnderTheNewRoot).isTrue();
    assertThat(collectedUnderTheNewRoot)
        .as("evidence collected again under the new root")
        .isEqualTo(2);
    assertThat(ready.path("problem").asText()).contains("trusted root");
    assertThat(allowedWithTheBrokenFile).isTrue();
    assertThat(allowedUnderTheNewPolicy).as("the new policy is in force").isFalse();
  }

  private void awaitReload() throws Exception {
    java.time.Instant before = webhook.server.policies().orElseThrow().loadedAt();
    long until = System.nanoTime() + 10_000_000_000L;
    while (webhook.server.policies().orElseThrow().loadedAt().equals(before)
        && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(webhook.server.policies().orElseThrow().loadedAt()).isNotEqualTo(before);
  }

  private JsonNode awaitProblem() throws Exception {
    long until = System.nanoTime() + 10_000_000_000L;
    JsonNode ready = webhook.client.get("/readyz").json();
    while (ready.path("problem").isMissingNode() && System.nanoTime() < until) {
      Thread.sleep(20);
      ready = webhook.client.get("/readyz").json();
    }
    return ready;
  }
}
