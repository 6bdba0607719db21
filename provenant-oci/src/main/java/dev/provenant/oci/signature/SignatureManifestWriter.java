package dev.provenant.oci.signature;

import dev.provenant.core.signature.GoJson;
import dev.provenant.oci.image.Descriptor;
import java.util.List;
import java.util.Map;

/**
 * Writes a cosign {@code .sig} image manifest and its config as cosign does (go-containerregistry's
 * {@code mutate.Append} onto {@code empty.Image} with OCI media types): the config is the Go zero
 * {@code ConfigFile} with one empty history entry and one diff ID per layer (a signature layer is
 * uncompressed, so its diff ID is its digest); the manifest lists the layers with their
 * annotations, fields in go-containerregistry's order.
 */
final class SignatureManifestWriter {
  /** What Go writes for the zero {@code time.Time}. */
  private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

  private SignatureManifestWriter() {}

  static byte[] config(List<Descriptor> layers) {
    StringBuilder out = new StringBuilder(256 + layers.size() * 110);
    out.append("{\"architecture\":\"\",\"created\":\"")
        .append(GO_ZERO_TIME)
        .append("\",\"history\":[");
    for (int i = 0; i < layers.size(); i++) {
      out.append(i > 0 ? "," : "").append("{\"created\":\"").append(GO_ZERO_TIME).append("\"}");
    }
    out.append("],\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
    for (int i = 0; i < layers.size(); i++) {
      GoJson.string(out.append(i > 0 ? "," : ""), layers.get(i).digest().toString());
    }
    return GoJson.bytes(out.append("]},\"config\":{}}"));
  }

  static byte[] manifest(
      String mediaType,
      Descriptor config,
      List<Descriptor> layers,
      Map<String, String> annotations) {
    StringBuilder out = new StringBuilder(512 + layers.size() * 400);
    out.append("{\"schemaVersion\":2,\"mediaType\":");
    GoJson.string(out, mediaType).append(",\"config\":");
    descriptor(out, config).append(",\"layers\":[");
    for (int i = 0; i < layers.size(); i++) {
      descriptor(out.append(i > 0 ? "," : ""), layers.get(i));
    }
    out.append(']');
    if (!annotations.isEmpty()) {
      GoJson.stringMap(out.append(",\"annotations\":"), annotations);
    }
    return GoJson.bytes(out.append('}'));
  }

  private static StringBuilder descriptor(StringBuilder out, Descriptor d) {
    out.append("{\"mediaType\":");
    GoJson.string(out, d.mediaType()).append(",\"size\":").append(d.size()).append(",\"digest\":");
    GoJson.string(out, d.digest().toString());
    if (!d.annotations().isEmpty()) {
      GoJson.stringMap(out.append(",\"annotations\":"), d.annotations());
    }
    if (d.artifactType() != null) {
      GoJson.string(out.append(",\"artifactType\":"), d.artifactType());
    }
    return out.append('}');
  }
}
