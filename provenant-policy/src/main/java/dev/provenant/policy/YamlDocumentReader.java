package dev.provenant.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Splits a multi-document YAML file into trees, recording the line of every node as it streams:
 * Jackson's tree model forgets locations, and every message must name a line.
 */
final class YamlDocumentReader {
  private static final YAMLFactory YAML = YAMLFactory.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A problem found while reading: a syntax error or a key given twice. */
  record LineMessage(int line, String message) {}

  /**
   * The documents read, and what was wrong. After a syntax error the documents before it are still
   * returned, so that their own problems are reported too.
   */
  record Result(List<YamlDocument> documents, List<LineMessage> problems) {}

  private final List<LineMessage> problems = new ArrayList<>();
  private Map<String, Integer> lines;

  private YamlDocumentReader() {}

  static Result read(byte[] content) {
    return new YamlDocumentReader().readAll(content);
  }

  private Result readAll(byte[] content) {
    List<YamlDocument> documents = new ArrayList<>();
    try (YAMLParser parser = YAML.createParser(content)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        lines = new HashMap<>();
        int start = line(parser.currentTokenLocation());
        lines.put(YamlPath.ROOT.pointer(), start);
        JsonNode root = readValue(parser, token, YamlPath.ROOT);
        // An empty document (a lone "---", read as null or "") carries nothing; skip it as
        // kubectl does.
        if (!root.isNull() && !(root.isTextual() && root.asText().isEmpty())) {
          documents.add(new YamlDocument(root, lines, start));
        }
      }
    } catch (JacksonException e) {
      // At the end of the input the parser may point one line past the last one.
      int line = Math.min(line(e.getLocation()), lineCount(content));
      problems.add(new LineMessage(line, syntaxMessage(e.getOriginalMessage())));
    } catch (IOException | RuntimeException e) {
      // SnakeYAML reports some malformed input (bad encodings, odd keys) with unchecked
      // exceptions; a policy file must fail with a problem, never crash the loader.
      problems.add(
          new LineMessage(
              1, "cannot read YAML: " + (e.getMessage() != null ? e.getMessage() : e.toString())));
    }
    return new Result(documents, problems);
  }

  private JsonNode readValue(YAMLParser parser, JsonToken token, YamlPath path) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
          String name = parser.currentName();
          int keyLine = line(parser.currentTokenLocation());
          YamlPath child = path.field(name);
          JsonNode value = readValue(parser, parser.nextToken(), child);
          if (object.has(name)) {
            problems.add(new LineMessage(keyLine, child + ": given twice"));
          } else {
            lines.put(child.pointer(), keyLine);
            object.set(name, value);
          }
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
          YamlPath child = path.index(array.size());
          int elementLine = line(parser.currentTokenLocation());
          array.add(readValue(parser, token, child));
          lines.putIfAbsent(child.pointer(), elementLine);
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return NODES.numberNode(parser.getBigIntegerValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(parser.getDoubleValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> {
        // !!binary and other tagged scalars: keep the text, the schema will say what is wrong.
        return NODES.textNode(String.valueOf(parser.getText()));
      }
    }
  }

  /** The number of lines in {@code content}, at least 1 so that a message can point at one. */
  static int lineCount(byte[] content) {
    int lines = 0;
    for (byte b : content) {
      if (b == '\n') {
        lines++;
      }
    }
    boolean unterminatedLast = content.length > 0 && content[content.length - 1] != '\n';
    return Math.max(1, unterminatedLast ? lines + 1 : lines);
  }

  private static int line(JsonLocation location) {
    return location == null ? 1 : Math.max(1, location.getLineNr());
  }

  /** SnakeYAML's message without its indented excerpts and "in 'reader'" position lines. */
  private static String syntaxMessage(String original) {
    if (original == null) {
      return "invalid YAML";
    }
    String summary =
        original
            .lines()
            .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
            .map(String::strip)
            .collect(Collectors.joining("; "));
    return "invalid YAML: " + (summary.isEmpty() ? original.strip() : summary);
  }
}
