package dev.provenant.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pattern over image names ({@code registry/repository}, no tag or digest) or registry hosts:
 * {@code **} matches any run of characters including {@code /}, {@code *} any run within one path
 * segment, {@code ?} one character other than {@code /}. Everything else matches itself. {@code
 * registry.example.com/team/**} matches every repository under {@code team/}.
 */
public final class ImageGlob {
  private final String pattern;
  // Compiled once: every admission decision matches every policy's globs.
  private final Pattern asWritten;
  private final Pattern canonical;

  public ImageGlob(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isBlank()) {
      throw new IllegalArgumentException("an image pattern cannot be empty");
    }
    this.pattern = pattern;
    this.asWritten = regex(pattern);
    this.canonical = regex(RegistryNames.canonicalPattern(pattern));
  }

  /** The pattern as written. */
  public String pattern() {
    return pattern;
  }

  /** Whether {@code name} matches the whole pattern, exactly as written. */
  public boolean matches(String name) {
    return asWritten.matcher(name).matches();
  }

  /**
   * Whether an image name or registry host ({@code registry/repository}, registry in canonical
   * spelling) matches, the pattern's registry taken in the same spelling: {@code
   * Registry.Example.com:443/**} covers {@code registry.example.com/team/app}.
   */
  public boolean matchesImage(String canonicalName) {
    return canonical.matcher(canonicalName).matches();
  }

  /**
   * Whether an image matches in either spelling: as written ({@code rawName}) or canonical. A
   * pattern with a wildcard in its registry ({@code registry.example.com:*}/**) is not made
   * canonical, and must still see the port the image was written with.
   */
  public boolean matchesImage(String rawName, String canonicalName) {
    return matches(rawName) || matchesImage(canonicalName);
  }

  private static Pattern regex(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ImageGlob glob && glob.pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
