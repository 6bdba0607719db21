package dev.provenant.core.provenance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an in-toto statement with SLSA provenance v1 or v0.2 into the v1 model, so that later
 * verification has one shape to check.
 *
 * <p>v0.2 is mapped as the SLSA v1 migration notes describe: {@code builder.id} becomes {@code
 * runDetails.builder.id}; {@code invocation.parameters} plus {@code invocation.configSource} become
 * {@code externalParameters} (under their own names); {@code invocation.environment} becomes {@code
 * internalParameters.environment}; {@code materials} become {@code resolvedDependencies}; {@code
 * metadata.buildInvocationId}, {@code buildStartedOn} and {@code buildFinishedOn} become {@code
 * runDetails.metadata}. Fields v1 has no place for ({@code metadata.completeness}, {@code
 * reproducible}, {@code buildConfig}) are dropped: nothing verifies them.
 *
 * @see <a href="https://slsa.dev/spec/v0.2/provenance">SLSA v0.2 provenance</a>
 * @see <a href="https://slsa.dev/spec/v1.0/whats-new">SLSA v1.0, what's new (v0.2 mapping)</a>
 */
public final class ProvenanceParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  /**
   * Parses a statement.
   *
   * @throws ProvenanceParseException naming the missing or malformed field
   */
  public ProvenanceStatement parse(byte[] json) throws ProvenanceParseException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new ProvenanceParseException("provenance is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ProvenanceParseException("provenance is not a JSON object");
    }
    String type = root.path("_type").asText("");
    if (!type.equals(ProvenanceStatement.STATEMENT_TYPE)
        && !type.equals(ProvenanceStatement.STATEMENT_TYPE_V01)) {
      throw new ProvenanceParseException("not an in-toto statement: _type is '" + type + "'");
    }
    String predicateType = root.path("predicateType").asText("");
    JsonNode predicate = object(root, "predicate");
    List<ResourceDescriptor> subjects = descriptors(root.path("subject"), "subject");
    try {
      Provenance provenance =
          switch (predicateType) {
            case ProvenanceStatement.PREDICATE_TYPE -> v1(predicate);
            case ProvenanceStatement.PREDICATE_TYPE_V02 -> v02(predicate);
            default ->
                throw new ProvenanceParseException(
                    "predicateType '" + predicateType + "' is not SLSA provenance v1 or v0.2");
          };
      return new ProvenanceStatement(subjects, provenance);
    } catch (IllegalArgumentException e) {
      throw new ProvenanceParseException("invalid provenance: " + e.getMessage(), e);
    }
  }

  private static Provenance v1(JsonNode predicate) throws ProvenanceParseException {
    JsonNode definition = object(predicate, "buildDefinition");
    JsonNode run = object(predicate, "runDetails");
    JsonNode builder = object(run, "builder");
    JsonNode metadata = run.path("metadata");
    return new Provenance(
        new BuildDefinition(
            text(definition, "buildType"),
            map(object(definition, "externalParameters")),
            map(definition.path("internalParameters")),
            descriptors(definition.path("resolvedDependencies"), "resolvedDependencies")),
        new RunDetails(
            new Builder(text(builder, "id"), strings(builder.path("version"))),
            new BuildMetadata(
                optionalText(metadata, "invocationId"),
                instant(metadata, "startedOn"),
                instant(metadata, "finishedOn")),
            descriptors(run.path("byproducts"), "byproducts")));
  }

  private static Provenance v02(JsonNode predicate) throws ProvenanceParseException {
    JsonNode invocation = predicate.path("invocation");
    Map<String, Object> external = new LinkedHashMap<>();
    if (invocation.path("parameters").isObject()) {
      external.put("parameters", map(invocation.path("parameters")));
    }
    if (invocation.path("configSource").isObject()) {
      external.put("configSource", map(invocation.path("configSource")));
    }
    Map<String, Object> internal = new LinkedHashMap<>();
    if (invocation.path("environment").isObject()) {
      internal.put("environment", map(invocation.path("environment")));
    }
    JsonNode metadata = predicate.path("metadata");
    return new Provenance(
        new BuildDefinition(
            text(predicate, "buildType"),
            external,
            internal,
            descriptors(predicate.path("materials"), "materials")),
        new RunDetails(
            new Builder(text(object(predicate, "builder"), "id")),
            new BuildMetadata(
                optionalText(metadata, "buildInvocationId"),
                instant(metadata, "buildStartedOn"),
                instant(metadata, "buildFinishedOn")),
            List.of()));
  }

  private static List<ResourceDescriptor> descriptors(JsonNode array, String field)
      throws ProvenanceParseException {
    if (array.isMissingNode()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw new ProvenanceParseException(field + " is not an array");
    }
    List<ResourceDescriptor> out = new ArrayList<>();
    for (JsonNode node : array) {
      try {
        out.add(
            new ResourceDescriptor(
                optionalText(node, "name"),
                optionalText(node, "uri"),
                strings(node.path("digest"))));
      } catch (IllegalArgumentException e) {
        throw new ProvenanceParseException(field + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static JsonNode object(JsonNode parent, String field) throws ProvenanceParseException {
    JsonNode node = parent.path(field);
    if (!node.isObject()) {
      throw new ProvenanceParseException(field + " is missing or not an object");
    }
    return node;
  }

  private static String text(JsonNode parent, String field) throws ProvenanceParseException {
    JsonNode node = parent.path(field);
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new ProvenanceParseException(field + " is missing or not a string");
    }
    return node.asText();
  }

  private static String optionalText(JsonNode parent, String field) {
    JsonNode node = parent.path(field);
    return node.isTextual() ? node.asText() : null;
  }

  private static Instant instant(JsonNode parent, String field) throws ProvenanceParseException {
    String text = optionalText(parent, field);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ProvenanceParseException(field + " '" + text + "' is not an RFC 3339 time", e);
    }
  }

  private static Map<String, Object> map(JsonNode node) {
    return node.isObject() ? MAPPER.convertValue(node, OBJECT) : Map.of();
  }

  private static TreeMap<String, String> strings(JsonNode node) throws ProvenanceParseException {
    TreeMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isTextual()) {
        throw new ProvenanceParseException(
            "digest or version '" + entry.getKey() + "' is not a string");
      }
      out.put(entry.getKey(), entry.getValue().asText());
    }
    return out;
  }
}
