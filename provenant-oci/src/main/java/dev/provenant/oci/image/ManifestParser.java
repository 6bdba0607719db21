package dev.provenant.oci.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.InvalidDigestException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses manifest, index and config JSON into Provenant's types. */
public final class ManifestParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ManifestParser() {}

  /**
   * Parses manifest bytes.
   *
   * @param reportedMediaType the Content-Type the registry sent, or the layout descriptor's type;
   *     used only when the document has no {@code mediaType} field (it is optional in OCI)
   */
  public static Manifest parse(byte[] bytes, String reportedMediaType, Digest digest)
      throws ImageAccessException {
    JsonNode root = readObject(bytes, "manifest " + digest);
    String mediaType = text(root, "mediaType");
    if (mediaType == null) {
      mediaType = stripParameters(reportedMediaType);
    }
    if (mediaType == null || mediaType.isEmpty()) {
      // An OCI manifest may omit mediaType; tell an index from an image by its shape.
      mediaType = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }
    int schemaVersion = root.path("schemaVersion").asInt(-1);
    if (schemaVersion != 2) {
      throw invalid(
          "manifest "
              + digest
              + " has schemaVersion "
              + root.path("schemaVersion")
              + "; only schema 2 (OCI and Docker v2) is supported");
    }
    Map<String, String> annotations = stringMap(root.get("annotations"), "annotations");
    Descriptor subject = root.hasNonNull("subject") ? descriptor(root.get("subject")) : null;
    String artifactType = text(root, "artifactType");
    if (MediaTypes.isIndex(mediaType) || (root.has("manifests") && !root.has("layers"))) {
      List<Descriptor> manifests = descriptors(root.get("manifests"), "manifests");
      return new ImageIndex(
          mediaType, digest, bytes.length, manifests, annotations, subject, artifactType);
    }
    if (!root.hasNonNull("config")) {
      throw invalid("manifest " + digest + " of type " + mediaType + " has no config descriptor");
    }
    Descriptor config = descriptor(root.get("config"));
    List<Descriptor> layers =
        root.has("layers") ? descriptors(root.get("layers"), "layers") : List.of();
    return new ImageManifest(
        mediaType, digest, bytes.length, config, layers, annotations, subject, artifactType);
  }

  /** Parses an image configuration blob. */
  public static ImageConfig parseConfig(byte[] bytes, Digest digest) throws ImageAccessException {
    JsonNode root = readObject(bytes, "image config " + digest);
    JsonNode config = root.path("config");
    Map<String, String> labels = stringMap(config.get("Labels"), "config.Labels");
    return new ImageConfig(
        text(root, "created"), text(root, "os"), text(root, "architecture"), labels);
  }

  /** Parses one descriptor object. */
  public static Descriptor descriptor(JsonNode node) throws ImageAccessException {
    if (node == null || !node.isObject()) {
      throw invalid("a descriptor is not a JSON object");
    }
    String mediaType = text(node, "mediaType");
    String digestText = text(node, "digest");
    if (mediaType == null || digestText == null || !node.path("size").canConvertToLong()) {
      throw invalid("a descriptor lacks mediaType, digest or size: " + node);
    }
    Digest digest;
    try {
      digest = Digest.parse(digestText);
    } catch (InvalidDigestException e) {
      throw invalid("a descriptor has " + e.getMessage());
    }
    long size = node.path("size").asLong();
    if (size < 0) {
      throw invalid("descriptor " + digest + " has a negative size");
    }
    Platform platform = null;
    JsonNode p = node.get("platform");
    if (p != null && p.isObject() && text(p, "os") != null && text(p, "architecture") != null) {
      platform = new Platform(text(p, "os"), text(p, "architecture"), text(p, "variant"));
    }
    return new Descriptor(
        mediaType,
        digest,
        size,
        stringMap(node.get("annotations"), "annotations"),
        platform,
        text(node, "artifactType"));
  }

  /** Writes a descriptor in the OCI JSON form. */
  public static ObjectNode toJson(Descriptor descriptor) {
    ObjectNode node = JSON.createObjectNode();
    node.put("mediaType", descriptor.mediaType());
    if (descriptor.artifactType() != null) {
      node.put("artifactType", descriptor.artifactType());
    }
    node.put("digest", descriptor.digest().toString());
    node.put("size", descriptor.size());
    if (!descriptor.annotations().isEmpty()) {
      ObjectNode annotations = node.putObject("annotations");
      descriptor.annotations().forEach(annotations::put);
    }
    if (descriptor.platform() != null) {
      ObjectNode platform = node.putObject("platform");
      platform.put("architecture", descriptor.platform().architecture());
      platform.put("os", descriptor.platform().os());
      if (descriptor.platform().variant() != null) {
        platform.put("variant", descriptor.platform().variant());
      }
    }
    return node;
  }

  private static JsonNode readObject(byte[] bytes, String what) throws ImageAccessException {
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root == null || !root.isObject()) {
        throw invalid(what + " is not a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT, what + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ImageAccessException(Failure.INVALID_INPUT, what + " could not be read", e);
    }
  }

  private static List<Descriptor> descriptors(JsonNode array, String field)
      throws ImageAccessException {
    if (array == null || !array.isArray()) {
      throw invalid("the manifest field '" + field + "' is not an array");
    }
    List<Descriptor> result = new ArrayList<>(array.size());
    for (JsonNode node : array) {
      result.add(descriptor(node));
    }
    return result;
  }

  private static Map<String, String> stringMap(JsonNode node, String field)
      throws ImageAccessException {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw invalid("'" + field + "' is not a JSON object");
    }
    Map<String, String> result = new LinkedHashMap<>();
    var fields = node.fields();
    while (fields.hasNext()) {
      var entry = fields.next();
      result.put(
          entry.getKey(),
          entry.getValue().isTextual() ? entry.getValue().asText() : entry.getValue().toString());
    }
    return result;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private static String stripParameters(String mediaType) {
    if (mediaType == null) {
      return null;
    }
    int semicolon = mediaType.indexOf(';');
    return (semicolon >= 0 ? mediaType.substring(0, semicolon) : mediaType).trim();
  }

  private static ImageAccessException invalid(String message) {
    return new ImageAccessException(Failure.INVALID_INPUT, message);
  }
}
