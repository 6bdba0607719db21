package dev.provenant.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The JSON Schema every policy document must satisfy ({@code policy.schema.json} next to this
 * class), with its errors rephrased for people: {@code spec.modee: unknown field (allowed: mode,
 * match, …)} rather than the validator's wording.
 */
final class PolicySchema {
  /** The schema's classpath location, relative to this class. */
  static final String RESOURCE = "policy.schema.json";

  private static final JsonNode SCHEMA_NODE = readSchema();
  private static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(SCHEMA_NODE);

  /** One schema error: the node it concerns and what is wrong with it. */
  record Violation(YamlPath path, String message) {}

  private PolicySchema() {}

  static List<Violation> validate(JsonNode document) {
    List<Violation> violations = new ArrayList<>();
    for (Error error : SCHEMA.validate(document)) {
      Violation violation = explain(error);
      if (!violations.contains(violation)) {
        violations.add(violation);
      }
    }
    return violations;
  }

  private static Violation explain(Error error) {
    YamlPath at = toPath(error.getInstanceLocation());
    JsonNode keywordValue = schemaNodeAt(error.getSchemaLocation().getFragment(), 0);
    JsonNode subschema = schemaNodeAt(error.getSchemaLocation().getFragment(), 1);
    JsonNode instance = error.getInstanceNode();
    String keyword = String.valueOf(error.getKeyword());
    return switch (keyword) {
      case "additionalProperties" -> {
        String field = error.getProperty();
        YamlPath fieldPath = field == null ? at : at.field(field);
        yield new Violation(
            fieldPath, "unknown field (allowed: " + names(subschema.path("properties")) + ")");
      }
      case "required" -> {
        String field = error.getProperty();
        yield new Violation(
            at, "missing required field " + (field == null ? keywordValue : "'" + field + "'"));
      }
      case "type" ->
          new Violation(
              at,
              "must be "
                  + typeName(keywordValue.asText())
                  + ", not "
                  + describe(instance)
                  + (keywordValue.asText().equals("string")
                          && instance != null
                          && (instance.isNumber() || instance.isBoolean())
                      ? " (quote the value)"
                      : ""));
      case "enum" -> new Violation(at, "must be one of " + values(keywordValue));
      case "const" -> new Violation(at, "must be " + keywordValue.asText());
      case "pattern" ->
          new Violation(
              at,
              "'"
                  + instance.asText()
                  + "' is not "
                  + subschema.path("description").asText("matching " + keywordValue.asText()));
      case "minItems" -> new Violation(at, "must list at least " + keywordValue.asInt() + " entry");
      case "minLength" -> new Violation(at, "must not be empty");
      case "maxLength" ->
          new Violation(at, "must be at most " + keywordValue.asInt() + " characters long");
      case "minimum" -> new Violation(at, "must be at least " + keywordValue.asText());
      default -> new Violation(at, error.getMessage());
    };
  }

  /** The schema node {@code dropped} levels above the error's keyword location. */
  private static JsonNode schemaNodeAt(NodePath fragment, int dropped) {
    if (fragment == null) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    StringBuilder pointer = new StringBuilder();
    for (int i = 0; i < fragment.getNameCount() - dropped; i++) {
      pointer
          .append('/')
          .append(String.valueOf(fragment.getElement(i)).replace("~", "~0").replace("/", "~1"));
    }
    return SCHEMA_NODE.at(pointer.toString());
  }

  private static YamlPath toPath(NodePath location) {
    YamlPath path = YamlPath.ROOT;
    if (location == null) {
      return path;
    }
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      path = element instanceof Integer index ? path.index(index) : path.field(element.toString());
    }
    return path;
  }

  private static String names(JsonNode properties) {
    List<String> names = new ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }

  private static String values(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(JsonNode::asText)
        .collect(Collectors.joining(", "));
  }

  private static String typeName(String type) {
    return switch (type) {
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "string" -> "a string";
      case "integer" -> "an integer";
      case "boolean" -> "true or false";
      default -> type;
    };
  }

  private static String describe(JsonNode node) {
    if (node == null) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case OBJECT -> "a mapping";
      case ARRAY -> "a list";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "empty";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** The schema as published in the module's resources. */
  static JsonNode schemaNode() {
    return SCHEMA_NODE.deepCopy();
  }

  private static JsonNode readSchema() {
    try (InputStream in = PolicySchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
