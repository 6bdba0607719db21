package dev.provenant.core.reference;

/**
 * The character-level rules of the distribution reference grammar. Each check returns null when the
 * text is valid, or a sentence naming the first offending character.
 *
 * <pre>
 * domain           := host [':' port]
 * host             := domain-name | IPv4 | '[' IPv6 ']'
 * domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
 * path-component   := [a-z0-9]+ (separator [a-z0-9]+)*
 * separator        := [_.] | '__' | '-'+
 * tag              := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
 * </pre>
 *
 * @see <a href="https://github.com/distribution/reference/blob/main/reference.go">reference.go</a>
 */
final class ReferenceGrammar {
  static final int MAX_TAG_LENGTH = 128;

  private ReferenceGrammar() {}

  static String tagProblem(String tag) {
    if (tag.isEmpty()) {
      return "the tag after ':' is empty";
    }
    if (tag.length() > MAX_TAG_LENGTH) {
      return "the tag is "
          + tag.length()
          + " characters long; at most "
          + MAX_TAG_LENGTH
          + " allowed";
    }
    for (int i = 0; i < tag.length(); i++) {
      char c = tag.charAt(i);
      boolean word = isAsciiLetterOrDigit(c) || c == '_';
      if (i == 0 && !word) {
        return describe(c)
            + " cannot start the tag '"
            + tag
            + "'; it must start with a letter, digit or '_'";
      }
      if (!word && c != '.' && c != '-') {
        return describe(c)
            + " at position "
            + (i + 1)
            + " of the tag '"
            + tag
            + "' is not allowed; tags use letters, digits, '_', '.' and '-'";
      }
    }
    return null;
  }

  static String repositoryProblem(String repository) {
    if (repository.isEmpty()) {
      return "the repository name is empty";
    }
    if (repository.length() == 64 && repository.chars().allMatch(ReferenceGrammar::isLowerHex)) {
      return "a repository name cannot be a 64-character hex string; to pin a digest write name@sha256:<hex>";
    }
    String[] components = repository.split("/", -1);
    for (String component : components) {
      String problem = pathComponentProblem(component, repository);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static String pathComponentProblem(String component, String repository) {
    if (component.isEmpty()) {
      return "the repository '"
          + repository
          + "' has an empty path component (a leading, trailing or double '/')";
    }
    int i = 0;
    int n = component.length();
    while (i < n) {
      int start = i;
      while (i < n && isLowerAlnum(component.charAt(i))) {
        i++;
      }
      if (i == start) {
        char c = component.charAt(i);
        if (c >= 'A' && c <= 'Z') {
          return "uppercase "
              + describe(c)
              + " in the repository '"
              + repository
              + "'; repository names must be lowercase";
        }
        if (isSeparator(c)) {
          return describe(c) + " in '" + component + "' must sit between letters or digits";
        }
        return describe(c)
            + " is not allowed in the repository '"
            + repository
            + "'; use lowercase letters, digits, '.', '_', '__', '-' and '/'";
      }
      if (i == n) {
        return null;
      }
      int sepStart = i;
      while (i < n && isSeparator(component.charAt(i))) {
        i++;
      }
      String separator = component.substring(sepStart, i);
      if (i == sepStart) {
        char c = component.charAt(i);
        if (c >= 'A' && c <= 'Z') {
          return "uppercase "
              + describe(c)
              + " in the repository '"
              + repository
              + "'; repository names must be lowercase";
        }
        return describe(c)
            + " is not allowed in the repository '"
            + repository
            + "'; use lowercase letters, digits, '.', '_', '__', '-' and '/'";
      }
      if (!validSeparator(separator)) {
        return "the separator '"
            + separator
            + "' in '"
            + component
            + "' is not allowed; use '.', '_', '__' or a run of '-'";
      }
      if (i == n) {
        return "'"
            + component
            + "' ends with the separator '"
            + separator
            + "'; a path component must end with a letter or digit";
      }
    }
    return null;
  }

  static String registryProblem(String registry) {
    if (registry.isEmpty()) {
      return "the registry name is empty";
    }
    String host = registry;
    String port = null;
    if (registry.startsWith("[")) {
      int close = registry.indexOf(']');
      if (close < 0) {
        return "the IPv6 address in '" + registry + "' has no closing ']'";
      }
      String address = registry.substring(1, close);
      String problem = ipv6Problem(address);
      if (problem != null) {
        return problem;
      }
      String after = registry.substring(close + 1);
      if (!after.isEmpty()) {
        if (after.charAt(0) != ':') {
          return describe(after.charAt(0))
              + " after the IPv6 address in '"
              + registry
              + "'; expected ':' and a port";
        }
        port = after.substring(1);
      }
    } else {
      int colon = registry.indexOf(':');
      if (colon >= 0) {
        host = registry.substring(0, colon);
        port = registry.substring(colon + 1);
      }
      String problem = hostProblem(host);
      if (problem != null) {
        return problem;
      }
    }
    if (port != null) {
      if (port.isEmpty()) {
        return "the port after ':' in '" + registry + "' is empty";
      }
      for (int i = 0; i < port.length(); i++) {
        if (!isDigit(port.charAt(i))) {
          return describe(port.charAt(i))
              + " in the port of '"
              + registry
              + "'; a port is digits only";
        }
      }
    }
    return null;
  }

  private static String hostProblem(String host) {
    if (host.isEmpty()) {
      return "the registry host is empty";
    }
    for (String component : host.split("\\.", -1)) {
      if (component.isEmpty()) {
        return "the registry host '"
            + host
            + "' has an empty label (a leading, trailing or double '.')";
      }
      for (int i = 0; i < component.length(); i++) {
        char c = component.charAt(i);
        if (!isAsciiLetterOrDigit(c) && c != '-') {
          return describe(c) + " is not allowed in the registry host '" + host + "'";
        }
      }
      if (component.startsWith("-") || component.endsWith("-")) {
        return "the registry host label '" + component + "' cannot start or end with '-'";
      }
    }
    return null;
  }

  private static String ipv6Problem(String address) {
    if (address.isEmpty() || address.indexOf(':') < 0) {
      return "'[" + address + "]' is not an IPv6 address";
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      boolean hex = isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != ':' && c != '.') {
        return describe(c) + " is not allowed in the IPv6 address '[" + address + "]'";
      }
    }
    return null;
  }

  private static boolean validSeparator(String separator) {
    if (separator.equals(".") || separator.equals("_") || separator.equals("__")) {
      return true;
    }
    return separator.chars().allMatch(c -> c == '-');
  }

  private static boolean isSeparator(char c) {
    return c == '.' || c == '_' || c == '-';
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || isDigit(c);
  }

  private static boolean isLowerHex(int c) {
    return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9');
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Names a character so that an invisible or confusable one is still readable. */
  static String describe(char c) {
    if (c < 0x20 || c > 0x7e) {
      return String.format("the character U+%04X", (int) c);
    }
    if (c == ' ') {
      return "a space";
    }
    return "the character '" + c + "'";
  }
}
