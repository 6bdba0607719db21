package dev.provenant.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.registry.Credentials;
import dev.provenant.oci.registry.RegistryClient;

/** Alters cosign legacy manifests in a registry the way an attacker with push rights could. */
final class LegacyLayerTampering {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LegacyLayerTampering() {}

  /**
   * Swaps the {@code annotation} of the first two layers of the manifest at {@code repository:tag}
   * (a {@code .sig} or {@code .att} tag) and pushes it back under the same tag.
   */
  static void swapAnnotation(String registry, String repository, String tag, String annotation)
      throws Exception {
    try (RegistryClient client =
        RegistryClient.builder(registry)
            .allowHttp(true)
            .credentials(Credentials.anonymous())
            .build()) {
      ObjectNode manifest =
          (ObjectNode) JSON.readTree(client.pullManifest(repository, tag).bytes());
      ObjectNode first = (ObjectNode) manifest.path("layers").get(0).path("annotations");
      ObjectNode second = (ObjectNode) manifest.path("layers").get(1).path("annotations");
      String firstValue = first.path(annotation).asText();
      first.put(annotation, second.path(annotation).asText());
      second.put(annotation, firstValue);
      client.pushManifest(
          repository, tag, JSON.writeValueAsBytes(manifest), MediaTypes.OCI_MANIFEST);
    }
  }
}
