package dev.provenant.sbom.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits Debian control-style text (dpkg's status database, DEP-5 copyright files) into paragraphs
 * of fields. A field is {@code Name: value}; a line that starts with a space or tab continues the
 * previous field; a blank line ends the paragraph.
 *
 * @see <a href="https://www.debian.org/doc/debian-policy/ch-controlfields.html">Debian Policy,
 *     control files</a>
 */
final class ControlParagraphs {
  private ControlParagraphs() {}

  /** The paragraphs of {@code text}; field names keep their case, values are trimmed. */
  static List<Map<String, String>> parse(String text) {
    List<Map<String, String>> paragraphs = new ArrayList<>();
    Map<String, String> current = new LinkedHashMap<>();
    String field = null;
    for (String line : text.split("\r?\n", -1)) {
      if (line.isBlank()) {
        if (!current.isEmpty()) {
          paragraphs.add(current);
          current = new LinkedHashMap<>();
        }
        field = null;
      } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (field != null) {
          current.merge(field, "\n" + line.strip(), String::concat);
        }
      } else if (line.charAt(0) != '#') {
        int colon = line.indexOf(':');
        if (colon > 0) {
          field = line.substring(0, colon).strip();
          current.put(field, line.substring(colon + 1).strip());
        }
      }
    }
    if (!current.isEmpty()) {
      paragraphs.add(current);
    }
    return paragraphs;
  }
}
