package dev.provenant.cli;

/**
 * Makes text safe to print on a terminal. Signatures, payloads, certificates and registry error
 * bodies are written by whoever pushed them: a newline in one could forge an "ACCEPTED" line, and
 * an escape sequence could hide the rest of the output. Control characters are shown escaped.
 */
final class Printable {
  private Printable() {}

  static String safe(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
      if (control) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(
            switch (c) {
              case '\n' -> "\\n";
              case '\r' -> "\\r";
              case '\t' -> "\\t";
              default -> String.format("\\u%04x", (int) c);
            });
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
