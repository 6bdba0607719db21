package dev.provenant.sbom.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A package URL: {@code pkg:type/namespace/name@version?qualifiers#subpath}. {@link #toString()} is
 * the canonical form: lower-case type, qualifiers sorted by key with empty values dropped, and
 * every component percent-encoded except the unreserved characters ({@code A-Z a-z 0-9 . - _ ~}),
 * so that a Debian epoch {@code 1:2.3+b1} is written {@code 1%3A2.3%2Bb1}. A {@code /} in a
 * qualifier value is left as it is, as in the spec's own {@code
 * repository_url=docker.io/library/debian}.
 *
 * @see <a href="https://github.com/package-url/purl-spec/blob/main/PURL-SPECIFICATION.rst">purl
 *     specification</a>
 */
public record Purl(
    String type,
    String namespace,
    String name,
    String version,
    SortedMap<String, String> qualifiers,
    String subpath) {

  public Purl {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    if (!type.matches("[A-Za-z][A-Za-z0-9.+-]*")) {
      throw new IllegalArgumentException(
          "a purl type must be ASCII letters, digits, '.+-': " + type);
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a purl name cannot be empty");
    }
    type = type.toLowerCase(Locale.ROOT);
    SortedMap<String, String> cleaned = new TreeMap<>();
    if (qualifiers != null) {
      qualifiers.forEach(
          (k, v) -> {
            if (v != null && !v.isEmpty()) {
              cleaned.put(k.toLowerCase(Locale.ROOT), v);
            }
          });
    }
    qualifiers = java.util.Collections.unmodifiableSortedMap(cleaned);
  }

  /** Starts a purl of {@code type} for the package {@code name}. */
  public static Builder builder(String type, String name) {
    return new Builder(type, name);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("pkg:").append(type).append('/');
    if (namespace != null && !namespace.isEmpty()) {
      List<String> segments = new ArrayList<>();
      for (String segment : namespace.split("/")) {
        if (!segment.isEmpty()) {
          segments.add(encode(segment));
        }
      }
      out.append(String.join("/", segments)).append('/');
    }
    out.append(encode(name));
    if (version != null && !version.isEmpty()) {
      out.append('@').append(encode(version));
    }
    if (!qualifiers.isEmpty()) {
      String separator = "?";
      for (Map.Entry<String, String> q : qualifiers.entrySet()) {
        out.append(separator)
            .append(q.getKey())
            .append('=')
            .append(encode(q.getValue()).replace("%2F", "/"));
        separator = "&";
      }
    }
    if (subpath != null && !subpath.isEmpty()) {
      List<String> segments = new ArrayList<>();
      for (String segment : subpath.split("/")) {
        if (!segment.isEmpty() && !segment.equals(".") && !segment.equals("..")) {
          segments.add(encode(segment));
        }
      }
      out.append('#').append(String.join("/", segments));
    }
    return out.toString();
  }

  /** Percent-encodes everything but the purl spec's unreserved characters, as UTF-8. */
  static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '-'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** Assembles a purl from its optional parts. */
  public static final class Builder {
    private final String type;
    private final String name;
    private String namespace;
    private String version;
    private final SortedMap<String, String> qualifiers = new TreeMap<>();
    private String subpath;

    private Builder(String type, String name) {
      this.type = type;
      this.name = name;
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    public Builder version(String version) {
      this.version = version;
      return this;
    }

    /** Adds a qualifier; a null or empty value is left out, as the spec requires. */
    public Builder qualifier(String key, String value) {
      if (value != null && !value.isEmpty()) {
        qualifiers.put(key, value);
      }
      return this;
    }

    public Builder subpath(String subpath) {
      this.subpath = subpath;
      return this;
    }

    public Purl build() {
      return new Purl(type, namespace, name, version, qualifiers, subpath);
    }
  }
}
