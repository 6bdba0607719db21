package dev.provenant.sbom.model;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A package URL, {@code pkg:type/namespace/name@version?qualifiers#subpath}, held as its parts and
 * printed in canonical form: type lowercased, each namespace and subpath segment, the name, the
 * version and each qualifier value percent-encoded, qualifier keys lowercased and sorted, empty
 * qualifiers dropped.
 *
 * <p>Type-specific normalisation (PyPI's lowercase names, npm's {@code @scope} namespace) is the
 * caller's job: a cataloger knows its ecosystem, this class only knows the grammar.
 *
 * @see <a href="https://github.com/package-url/purl-spec">package-url/purl-spec</a>
 */
public final class Purl {

  private static final Pattern TYPE = Pattern.compile("[a-zA-Z][a-zA-Z0-9.+-]*");
  private static final Pattern QUALIFIER_KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9._-]*");
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final String type;
  private final String namespace;
  private final String name;
  private final String version;
  private final SortedMap<String, String> qualifiers;
  private final String subpath;
  private final String canonical;

  private Purl(Builder builder) {
    this.type = builder.type.toLowerCase(Locale.ROOT);
    this.namespace = trimSlashes(builder.namespace);
    this.name = builder.name;
    this.version = builder.version;
    this.qualifiers = Collections.unmodifiableSortedMap(new TreeMap<>(builder.qualifiers));
    this.subpath = trimSlashes(builder.subpath);
    this.canonical = render();
  }

  /**
   * Starts a package URL of {@code type} ({@code maven}, {@code npm}, {@code pypi}, {@code
   * golang}…) for the package {@code name}.
   *
   * @throws IllegalArgumentException if the type is not {@code [a-zA-Z][a-zA-Z0-9.+-]*} or the name
   *     is empty
   */
  public static Builder builder(String type, String name) {
    return new Builder(type, name);
  }

  public String type() {
    return type;
  }

  /**
   * The namespace, {@code org.apache.logging.log4j} or {@code @sigstore}; null when there is none.
   */
  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  /** The version; null when there is none. */
  public String version() {
    return version;
  }

  /** The qualifiers, keys lowercased, in key order. */
  public Map<String, String> qualifiers() {
    return qualifiers;
  }

  /** The subpath; null when there is none. */
  public String subpath() {
    return subpath;
  }

  /** The canonical form: {@code pkg:npm/%40sigstore/core@1.1.0}. */
  @Override
  public String toString() {
    return canonical;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Purl purl && purl.canonical.equals(canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  private String render() {
    StringBuilder out = new StringBuilder("pkg:").append(type).append('/');
    if (namespace != null) {
      out.append(encodeSegments(namespace)).append('/');
    }
    out.append(encode(name));
    if (version != null) {
      out.append('@').append(encode(version));
    }
    if (!qualifiers.isEmpty()) {
      char separator = '?';
      for (Map.Entry<String, String> qualifier : qualifiers.entrySet()) {
        out.append(separator).append(qualifier.getKey()).append('=');
        // A '/' stays as it is in a qualifier value, as the spec's own example writes it:
        // pkg:oci/debian@sha256%3A...?repository_url=docker.io/library/debian
        out.append(encode(qualifier.getValue()).replace("%2F", "/"));
        separator = '&';
      }
    }
    if (subpath != null) {
      out.append('#').append(encodeSegments(subpath));
    }
    return out.toString();
  }

  /** Encodes each {@code /}-separated segment, dropping empty ones (and, for a subpath, dots). */
  private static String encodeSegments(String path) {
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append('/');
      }
      out.append(encode(segment));
    }
    return out.toString();
  }

  /**
   * Percent-encodes everything but the alphanumerics and {@code .-_~}, as UTF-8 octets: the
   * "Character encoding" section of the spec, which (unlike its first drafts) encodes {@code :} and
   * {@code +} too, so {@code 2.0+b1} becomes {@code 2.0%2Bb1}.
   */
  static String encode(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '-'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static String trimSlashes(String path) {
    if (path == null) {
      return null;
    }
    String trimmed = path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? null : trimmed;
  }

  /** Collects a package URL's optional parts. */
  public static final class Builder {
    private final String type;
    private final String name;
    private String namespace;
    private String version;
    private final Map<String, String> qualifiers = new TreeMap<>();
    private String subpath;

    private Builder(String type, String name) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(name, "name");
      if (!TYPE.matcher(type).matches()) {
        throw new IllegalArgumentException(
            "purl type '"
                + type
                + "' is not a letter followed by letters, digits, '.', '+' or '-'");
      }
      if (name.isBlank()) {
        throw new IllegalArgumentException("purl name is empty");
      }
      this.type = type;
      this.name = name;
    }

    /** The namespace, {@code /}-separated segments; null or empty for none. */
    public Builder namespace(String namespace) {
      this.namespace = namespace == null || namespace.isEmpty() ? null : namespace;
      return this;
    }

    /** The version; null or empty for none. */
    public Builder version(String version) {
      this.version = version == null || version.isEmpty() ? null : version;
      return this;
    }

    /**
     * Adds a qualifier; the key is lowercased, and a null or empty value removes the key, as the
     * spec drops empty qualifiers.
     *
     * @throws IllegalArgumentException if the key is not {@code [a-zA-Z][a-zA-Z0-9._-]*}
     */
    public Builder qualifier(String key, String value) {
      if (key == null || !QUALIFIER_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException(
            "purl qualifier key '" + key + "' is not a letter followed by letters, digits, '.-_'");
      }
      String lower = key.toLowerCase(Locale.ROOT);
      if (value == null || value.isEmpty()) {
        qualifiers.remove(lower);
      } else {
        qualifiers.put(lower, value);
      }
      return this;
    }

    /** The subpath inside the package, {@code /}-separated; null or empty for none. */
    public Builder subpath(String subpath) {
      this.subpath = subpath == null || subpath.isEmpty() ? null : subpath;
      return this;
    }

    public Purl build() {
      return new Purl(this);
    }
  }
}
