package dev.provenant.core.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The required properties and types of an in-toto Statement v1 with an SLSA v1 provenance
 * predicate, written from https://slsa.dev/spec/v1.0/provenance ("Schema" and the field tables) and
 * the in-toto Statement, ResourceDescriptor and DigestSet specs. Returns every violation as a JSON
 * path and a reason, so a failing test says what is wrong.
 */
final class SlsaProvenanceV1Schema {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SlsaProvenanceV1Schema() {}

  static List<String> violations(byte[] json) throws IOException {
    JsonNode root = MAPPER.readTree(json);
    List<String> problems = new ArrayList<>();
    onlyFields(root, "$", Set.of("_type", "subject", "predicateType", "predicate"), problems);
    if (!"https://in-toto.io/Statement/v1".equals(root.path("_type").asText(null))) {
      problems.add("$._type: must be https://in-toto.io/Statement/v1");
    }
    JsonNode subjects = root.path("subject");
    if (!subjects.isArray() || subjects.isEmpty()) {
      problems.add("$.subject: required non-empty array");
    } else {
      for (int i = 0; i < subjects.size(); i++) {
        String path = "$.subject[" + i + "]";
        resourceDescriptor(subjects.get(i), path, problems);
        // Statement v1: each subject MUST have a digest.
        if (subjects.get(i).path("digest").isEmpty()) {
          problems.add(path + ".digest: required non-empty for a subject");
        }
      }
    }
    if (!"https://slsa.dev/provenance/v1".equals(root.path("predicateType").asText(null))) {
      problems.add("$.predicateType: must be https://slsa.dev/provenance/v1");
    }
    JsonNode predicate = requireObject(root, "predicate", "$", problems);
    if (predicate == null) {
      return problems;
    }
    onlyFields(predicate, "$.predicate", Set.of("buildDefinition", "runDetails"), problems);

    JsonNode definition = requireObject(predicate, "buildDefinition", "$.predicate", problems);
    if (definition != null) {
      String p = "$.predicate.buildDefinition";
      onlyFields(
          definition,
          p,
          Set.of("buildType", "externalParameters", "internalParameters", "resolvedDependencies"),
          problems);
      uri(definition, "buildType", p, true, problems);
      requireObject(definition, "externalParameters", p, problems);
      optionalObject(definition, "internalParameters", p, problems);
      descriptors(definition, "resolvedDependencies", p, problems);
    }

    JsonNode run = requireObject(predicate, "runDetails", "$.predicate", problems);
    if (run != null) {
      String p = "$.predicate.runDetails";
      onlyFields(run, p, Set.of("builder", "metadata", "byproducts"), problems);
      JsonNode builder = requireObject(run, "builder", p, problems);
      if (builder != null) {
        onlyFields(
            builder, p + ".builder", Set.of("id", "version", "builderDependencies"), problems);
        uri(builder, "id", p + ".builder", true, problems);
        stringMap(builder.path("version"), p + ".builder.version", problems);
        descriptors(builder, "builderDependencies", p + ".builder", problems);
      }
      JsonNode metadata = optionalObject(run, "metadata", p, problems);
      if (metadata != null) {
        String m = p + ".metadata";
        onlyFields(metadata, m, Set.of("invocationId", "startedOn", "finishedOn"), problems);
        if (metadata.has("invocationId") && !metadata.get("invocationId").isTextual()) {
          problems.add(m + ".invocationId: must be a string");
        }
        timestamp(metadata, "startedOn", m, problems);
        timestamp(metadata, "finishedOn", m, problems);
      }
      descriptors(run, "byproducts", p, problems);
    }
    return problems;
  }

  private static void descriptors(
      JsonNode parent, String field, String path, List<String> problems) {
    if (!parent.has(field)) {
      return;
    }
    JsonNode array = parent.get(field);
    if (!array.isArray()) {
      problems.add(path + "." + field + ": must be an array");
      return;
    }
    for (int i = 0; i < array.size(); i++) {
      resourceDescriptor(array.get(i), path + "." + field + "[" + i + "]", problems);
    }
  }

  /** ResourceDescriptor: an object with at least one of uri, digest, content. */
  private static void resourceDescriptor(JsonNode node, String path, List<String> problems) {
    if (!node.isObject()) {
      problems.add(path + ": must be an object");
      return;
    }
    onlyFields(
        node,
        path,
        Set.of("uri", "digest", "name", "downloadLocation", "mediaType", "content", "annotations"),
        problems);
    if (!node.has("uri") && !node.has("digest") && !node.has("content")) {
      problems.add(path + ": needs one of uri, digest, content");
    }
    if (node.has("uri")) {
      uri(node, "uri", path, false, problems);
    }
    if (node.has("name") && !node.get("name").isTextual()) {
      problems.add(path + ".name: must be a string");
    }
    if (node.has("digest")) {
      stringMap(node.get("digest"), path + ".digest", problems);
      for (Map.Entry<String, JsonNode> e : node.get("digest").properties()) {
        String hex = e.getValue().asText();
        boolean known = Set.of("sha256", "sha512", "sha1", "gitCommit").contains(e.getKey());
        if (known && !hex.matches("[0-9a-f]+")) {
          problems.add(path + ".digest." + e.getKey() + ": must be lower-case hex");
        }
      }
    }
  }

  private static void stringMap(JsonNode node, String path, List<String> problems) {
    if (node.isMissingNode()) {
      return;
    }
    if (!node.isObject()) {
      problems.add(path + ": must be an object of strings");
      return;
    }
    node.properties()
        .forEach(
            e -> {
              if (!e.getValue().isTextual()) {
                problems.add(path + "." + e.getKey() + ": must be a string");
              }
            });
  }

  private static void uri(
      JsonNode parent, String field, String path, boolean required, List<String> problems) {
    JsonNode node = parent.path(field);
    if (node.isMissingNode()) {
      if (required) {
        problems.add(path + "." + field + ": required");
      }
      return;
    }
    if (!node.isTextual()) {
      problems.add(path + "." + field + ": must be a string (URI)");
      return;
    }
    try {
      if (new URI(node.asText()).getScheme() == null) {
        problems.add(path + "." + field + ": must be an absolute URI");
      }
    } catch (URISyntaxException e) {
      problems.add(path + "." + field + ": not a URI: " + e.getMessage());
    }
  }

  private static void timestamp(JsonNode parent, String field, String path, List<String> problems) {
    if (!parent.has(field)) {
      return;
    }
    String text = parent.get(field).asText("");
    // The spec's Timestamp: RFC 3339 in UTC ("Z").
    if (!text.endsWith("Z")) {
      problems.add(path + "." + field + ": must be an RFC 3339 timestamp in UTC");
      return;
    }
    try {
      Instant.parse(text);
    } catch (DateTimeParseException e) {
      problems.add(path + "." + field + ": not RFC 3339: " + text);
    }
  }

  private static JsonNode requireObject(
      JsonNode parent, String field, String path, List<String> problems) {
    JsonNode node = parent.path(field);
    if (!node.isObject()) {
      problems.add(path + "." + field + ": required object");
      return null;
    }
    return node;
  }

  private static JsonNode optionalObject(
      JsonNode parent, String field, String path, List<String> problems) {
    if (!parent.has(field)) {
      return null;
    }
    return requireObject(parent, field, path, problems);
  }

  private static void onlyFields(
      JsonNode node, String path, Set<String> allowed, List<String> problems) {
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                problems.add(path + "." + name + ": not a field of the schema");
              }
            });
  }
}
