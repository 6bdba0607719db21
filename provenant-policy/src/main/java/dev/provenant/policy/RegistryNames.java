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
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf(']')) {
      String port = name.substring(colon + 1);
      // :0443 is port 443 to a URL parser: compare ports as numbers.
      if (!port.isEmpty() && port.chars().allMatch(Character::isDigit) && port.length() <= 6) {
        int number = Integer.parseInt(port);
        name = name.substring(0, colon) + (number == 443 ? "" : ":" + number);
      }
    }
    return switch (name) {
      case "registry-1.docker.io", "index.docker.io" -> "docker.io";
      default -> name;
    };
  }

  /**
   * {@code registry/repository} with the registry in its canonical spelling, and Docker Hub's
   * official images under {@code library/} however the registry was written ({@code
   * registry-1.docker.io/nginx} is {@code docker.io/library/nginx}).
   */
  static String imageName(String registry, String repository) {
    String host = canonical(registry);
    boolean official = host.equals("docker.io") && repository.indexOf('/') < 0;
    return host + "/" + (official ? "library/" : "") + repository;
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
