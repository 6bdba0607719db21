package dev.provenant.oci.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge from a {@code WWW-Authenticate} header: a scheme ({@code basic}, {@code bearer})
 * and its parameters ({@code realm}, {@code service}, {@code scope}).
 *
 * <p>Parsed by the grammar of RFC 9110 section 11.6.1, not by splitting on commas: a quoted scope
 * such as {@code "repository:a:pull,push"} contains commas, and one header may carry several
 * challenges ({@code Basic realm="x", Bearer realm="y"}).
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {

  AuthChallenge {
    scheme = scheme.toLowerCase(Locale.ROOT);
    parameters = Map.copyOf(parameters);
  }

  boolean isBearer() {
    return scheme.equals("bearer");
  }

  boolean isBasic() {
    return scheme.equals("basic");
  }

  String parameter(String name) {
    return parameters.get(name);
  }

  /** Parses every challenge in the given header values, in order; unparsable text is skipped. */
  static List<AuthChallenge> parse(List<String> headerValues) {
    List<AuthChallenge> result = new ArrayList<>();
    for (String value : headerValues) {
      new Parser(value).parseInto(result);
    }
    return result;
  }

  /** The first Bearer challenge, else the first Basic one, else null. */
  static AuthChallenge preferred(List<String> headerValues) {
    List<AuthChallenge> all = parse(headerValues);
    for (AuthChallenge c : all) {
      if (c.isBearer()) {
        return c;
      }
    }
    for (AuthChallenge c : all) {
      if (c.isBasic()) {
        return c;
      }
    }
    return null;
  }

  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    void parseInto(List<AuthChallenge> out) {
      String scheme = null;
      Map<String, String> params = new LinkedHashMap<>();
      while (true) {
        skipSeparators();
        if (pos >= text.length()) {
          break;
        }
        String token = token();
        if (token.isEmpty()) {
          pos++; // a stray character; skip it
          continue;
        }
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == '=' && scheme != null) {
          pos++;
          skipSpaces();
          String value = pos < text.length() && text.charAt(pos) == '"' ? quoted() : token();
          params.put(token.toLowerCase(Locale.ROOT), value);
        } else {
          // A bare word starts a new challenge (token68 forms are not used by registries).
          if (scheme != null) {
            out.add(new AuthChallenge(scheme, params));
            params = new LinkedHashMap<>();
          }
          scheme = token;
        }
      }
      if (scheme != null) {
        out.add(new AuthChallenge(scheme, params));
      }
    }

    private void skipSpaces() {
      while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
        pos++;
      }
    }

    private void skipSeparators() {
      while (pos < text.length()
          && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t' || text.charAt(pos) == ',')) {
        pos++;
      }
    }

    private String token() {
      int start = pos;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == ' ' || c == '\t' || c == ',' || c == '=' || c == '"') {
          break;
        }
        pos++;
      }
      return text.substring(start, pos);
    }

    private String quoted() {
      pos++; // opening quote
      StringBuilder value = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (c == '\\' && pos < text.length()) {
          value.append(text.charAt(pos++));
        } else if (c == '"') {
          break;
        } else {
          value.append(c);
        }
      }
      return value.toString();
    }
  }
}
