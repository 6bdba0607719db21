package dev.provenant.core.signature;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON the way Go's {@code encoding/json} does, so that what Provenant writes for cosign
 * formats is byte for byte what cosign writes: no whitespace, object keys of maps sorted by their
 * UTF-8 bytes, and strings escaped as Go escapes them: {@code <}, {@code >}, {@code &}, U+2028 and
 * U+2029 as six-character unicode escapes, since Go's {@code Marshal} escapes HTML by default;
 * other control characters as {@code \b \f \n \r \t} (Go 1.22 and later) or as lowercase
 * six-character unicode escapes; an unpaired surrogate, which is not valid UTF-8, as U+FFFD.
 *
 * <p>Public only so that the OCI module can write cosign's manifests and configs with the same
 * rules; it is not a general JSON writer.
 *
 * @see <a href="https://pkg.go.dev/encoding/json#Marshal">encoding/json Marshal</a>
 */
public final class GoJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Orders map keys as Go does: by the bytes of their UTF-8 encoding, not by UTF-16 units. */
  public static final Comparator<String> KEY_ORDER =
      (a, b) -> Arrays.compareUnsigned(utf8(a), utf8(b));

  private GoJson() {}

  /** Appends {@code value} as a JSON string literal, quotes included. */
  public static StringBuilder string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(out, c);
        default -> {
          if (c < 0x20) {
            unicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            out.append('\ufffd');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  /** Appends a {@code map[string]string} object: keys in Go's order, values as strings. */
  public static StringBuilder stringMap(StringBuilder out, Map<String, String> map) {
    List<String> keys = map.keySet().stream().sorted(KEY_ORDER).toList();
    out.append('{');
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      string(out, keys.get(i)).append(':');
      string(out, map.get(keys.get(i)));
    }
    return out.append('}');
  }

  /** The UTF-8 bytes of what was built. */
  public static byte[] bytes(StringBuilder json) {
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
