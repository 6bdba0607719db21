package dev.provenant.oci.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Digest;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.registry.BlobContent;
import dev.provenant.oci.registry.RegistryClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Puts test images into a registry: built by umoci and pushed by skopeo, or pushed by Provenant.
 */
public final class TestImages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestImages() {}

  /** What was pushed: the manifest's bytes and digest, and its config and single layer. */
  public record PushedImage(
      Digest manifest, byte[] manifestBytes, Digest config, Digest layer, long layerSize) {}

  /**
   * Builds a one-layer image with umoci and pushes it with skopeo to {@code
   * registryAddress/repository:tag} (plain HTTP); returns the digest of the manifest skopeo pushed
   * (the sha256 of {@code skopeo inspect --raw}).
   */
  public static Digest skopeoPush(
      String registryAddress, String repository, String tag, Map<String, String> labels)
      throws IOException, InterruptedException {
    Path layout = Files.createTempDirectory("umoci-layout").resolve("layout");
    try {
      ExternalTools.umociImage(layout, tag, labels, "content of " + repository + ":" + tag);
      String target = "docker://" + registryAddress + "/" + repository + ":" + tag;
      ExternalTools.skopeoCopy("oci:" + layout + ":" + tag, target);
      String raw = ExternalTools.skopeoInspectRaw(target);
      return Digest.sha256(raw.getBytes(StandardCharsets.UTF_8));
    } finally {
      ExternalTools.run(java.util.List.of("rm", "-rf", layout.getParent().toString()));
    }
  }

  /**
   * Pushes, with Provenant's client, an OCI image of one uncompressed layer of {@code layerSize}
   * random bytes (seeded, so reproducible) and a config carrying {@code labels}.
   */
  public static PushedImage push(
      RegistryClient client,
      String repository,
      String tag,
      long seed,
      int layerSize,
      Map<String, String> labels)
      throws Exception {
    byte[] layer = new byte[layerSize];
    new Random(seed).nextBytes(layer);
    Digest layerDigest = Digest.sha256(layer);
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", "amd64");
    config.put("os", "linux");
    config.put("created", "2024-01-02T03:04:05Z");
    ObjectNode labelNode = config.putObject("config").putObject("Labels");
    labels.forEach(labelNode::put);
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids").add(layerDigest.toString());
    byte[] configBytes = JSON.writeValueAsBytes(config);
    Digest configDigest = Digest.sha256(configBytes);
    client.pushBlob(repository, configDigest, configBytes.length, BlobContent.of(configBytes));
    client.pushBlob(repository, layerDigest, layer.length, BlobContent.of(layer));
    byte[] manifest =
        manifestJson(configDigest, configBytes.length, layerDigest, layer.length, null);
    Digest digest = client.pushManifest(repository, tag, manifest, MediaTypes.OCI_MANIFEST);
    return new PushedImage(digest, manifest, configDigest, layerDigest, layer.length);
  }

  /** An OCI image manifest JSON for one config and one uncompressed layer. */
  public static byte[] manifestJson(
      Digest config, long configSize, Digest layer, long layerSize, Map<String, String> notes)
      throws IOException {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    ObjectNode configNode = manifest.putObject("config");
    configNode.put("mediaType", MediaTypes.OCI_CONFIG);
    configNode.put("digest", config.toString());
    configNode.put("size", configSize);
    ObjectNode layerNode = manifest.putArray("layers").addObject();
    layerNode.put("mediaType", "application/vnd.oci.image.layer.v1.tar");
    layerNode.put("digest", layer.toString());
    layerNode.put("size", layerSize);
    if (notes != null && !notes.isEmpty()) {
      ObjectNode annotations = manifest.putObject("annotations");
      notes.forEach(annotations::put);
    }
    return JSON.writeValueAsBytes(manifest);
  }
}
