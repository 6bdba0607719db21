package dev.provenant.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One document of a YAML file as a JSON tree, with the line each node is written on: schema and
 * semantic errors are reported against lines the user can find.
 *
 * @param lines line of each node by JSON pointer; for a mapping entry, the line of its key
 * @param startLine the line the document's content starts on
 */
record YamlDocument(JsonNode root, Map<String, Integer> lines, int startLine) {
  YamlDocument {
    lines = Map.copyOf(lines);
  }

  /** The line of {@code path}, or of its nearest ancestor that is written in the file. */
  int lineOf(YamlPath path) {
    for (YamlPath p = path; ; p = p.parent()) {
      Integer line = lines.get(p.pointer());
      if (line != null) {
        return line;
      }
      if (p.isRoot()) {
        return startLine;
      }
    }
  }
}
