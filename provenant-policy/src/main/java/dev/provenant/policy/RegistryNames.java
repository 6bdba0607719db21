package dev.provenant.policy;

import java.util.Locale;

/**
 * One spelling per registry, for matching policies: a registry can be named several ways that all
 * reach it, and a policy written for one spelling must not be escaped by another. Host names are
 * case-insensitive (RFC 4343), {@code :443} is the HTTPS default, and Docker Hub answers as {@code
 * registry-1.docker.io} and {@code index.docker.io} too.
 */
final class RegistryNames {
  private RegistryNames() {}

  static String canonical(String registry) {
    String name = registry.toLowerCase(Locale.ROOT);
    if (name.endsWith(":443")) {
      name = name.substring(0, name.length() - ":443".length());
    }
    return switch (name) {
      case "registry-1.docker.io", "index.docker.io" -> "docker.io";
      default -> name;
    };
  }

  /** {@code registry/repository} with the registry in its canonical spelling. */
  static String imageName(String registry, String repository) {
    return canonical(registry) + "/" + repository;
  }

  /**
   * A pattern with its registry part in canonical spelling, when that part is written out (has no
   * wildcard); repositories are lower case by the reference grammar, so the rest is lowered too.
   */
  static String canonicalPattern(String pattern) {
    int slash = pattern.indexOf('/');
    String host = slash < 0 ? pattern : pattern.substring(0, slash);
    String rest = slash < 0 ? "" : pattern.substring(slash);
    boolean literalHost = host.chars().noneMatch(c -> c == '*' || c == '?');
    return (literalHost ? canonical(host) : host.toLowerCase(Locale.ROOT))
        + rest.toLowerCase(Locale.ROOT);
  }
}
