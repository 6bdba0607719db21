package dev.provenant.sbom.output;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises SPDX licence expressions (SPDX 2.3 Annex D) made of common SPDX licence and exception
 * identifiers, with {@code AND}, {@code OR}, {@code WITH}, a trailing {@code +} and parentheses.
 * Identifiers match case-insensitively and are returned in their canonical case; operators must be
 * upper case. {@code LicenseRef-} identifiers are not accepted: the document would have to define
 * them. The embedded list is small on purpose; a licence not on it is reported as not SPDX, which
 * only costs a {@code NOASSERTION}.
 */
final class SpdxLicenses {
  private static final Map<String, String> LICENSES =
      index(
          "0BSD",
          "AFL-2.1",
          "AFL-3.0",
          "AGPL-1.0",
          "AGPL-3.0",
          "AGPL-3.0-only",
          "AGPL-3.0-or-later",
          "Apache-1.0",
          "Apache-1.1",
          "Apache-2.0",
          "APSL-2.0",
          "Artistic-1.0",
          "Artistic-1.0-Perl",
          "Artistic-2.0",
          "Beerware",
          "BlueOak-1.0.0",
          "BSD-1-Clause",
          "BSD-2-Clause",
          "BSD-2-Clause-Patent",
          "BSD-3-Clause",
          "BSD-3-Clause-Clear",
          "BSD-4-Clause",
          "BSL-1.0",
          "bzip2-1.0.6",
          "CC-BY-3.0",
          "CC-BY-4.0",
          "CC-BY-SA-3.0",
          "CC-BY-SA-4.0",
          "CC0-1.0",
          "CDDL-1.0",
          "CDDL-1.1",
          "CPL-1.0",
          "curl",
          "ECL-2.0",
          "EPL-1.0",
          "EPL-2.0",
          "EUPL-1.1",
          "EUPL-1.2",
          "FSFAP",
          "FSFUL",
          "FSFULLR",
          "FTL",
          "GFDL-1.2-only",
          "GFDL-1.2-or-later",
          "GFDL-1.3-only",
          "GFDL-1.3-or-later",
          "GPL-1.0",
          "GPL-1.0-only",
          "GPL-1.0-or-later",
          "GPL-2.0",
          "GPL-2.0-only",
          "GPL-2.0-or-later",
          "GPL-3.0",
          "GPL-3.0-only",
          "GPL-3.0-or-later",
          "HPND",
          "ICU",
          "IJG",
          "ISC",
          "LGPL-2.0",
          "LGPL-2.0-only",
          "LGPL-2.0-or-later",
          "LGPL-2.1",
          "LGPL-2.1-only",
          "LGPL-2.1-or-later",
          "LGPL-3.0",
          "LGPL-3.0-only",
          "LGPL-3.0-or-later",
          "Libpng",
          "libpng-2.0",
          "libtiff",
          "MIT",
          "MIT-0",
          "MIT-CMU",
          "MPL-1.0",
          "MPL-1.1",
          "MPL-2.0",
          "MPL-2.0-no-copyleft-exception",
          "MS-PL",
          "MS-RL",
          "NCSA",
          "ODbL-1.0",
          "OFL-1.1",
          "OpenSSL",
          "PHP-3.01",
          "PostgreSQL",
          "PSF-2.0",
          "Python-2.0",
          "Ruby",
          "Sleepycat",
          "TCL",
          "Unicode-3.0",
          "Unicode-DFS-2016",
          "Unlicense",
          "UPL-1.0",
          "Vim",
          "W3C",
          "WTFPL",
          "X11",
          "Zlib",
          "zlib-acknowledgement",
          "ZPL-2.1");

  private static final Map<String, String> EXCEPTIONS =
      index(
          "Autoconf-exception-2.0",
          "Autoconf-exception-3.0",
          "Bison-exception-2.2",
          "Classpath-exception-2.0",
          "Font-exception-2.0",
          "GCC-exception-2.0",
          "GCC-exception-3.1",
          "Libtool-exception",
          "Linux-syscall-note",
          "LLVM-exception",
          "OCaml-LGPL-linking-exception",
          "Qt-LGPL-exception-1.1",
          "u-boot-exception-2.0",
          "Universal-FOSS-exception-1.0",
          "WxWindows-exception-3.1");

  private SpdxLicenses() {}

  private static Map<String, String> index(String... ids) {
    Map<String, String> map = new HashMap<>();
    for (String id : ids) {
      map.put(id.toLowerCase(Locale.ROOT), id);
    }
    return Map.copyOf(map);
  }

  /** The expression in canonical form, or empty when it is not a valid expression of known ids. */
  static Optional<String> normalize(String expression) {
    List<String> tokens = tokenize(expression);
    if (tokens == null || tokens.isEmpty()) {
      return Optional.empty();
    }
    Parser parser = new Parser(tokens);
    StringBuilder out = new StringBuilder();
    if (!parser.orExpression(out) || parser.position != tokens.size()) {
      return Optional.empty();
    }
    return Optional.of(out.toString());
  }

  /** Several declared licences as one expression: each valid, joined with AND; else empty. */
  static Optional<String> conjunction(List<String> licenses) {
    if (licenses.isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    for (String license : licenses) {
      Optional<String> normalized = normalize(license);
      if (normalized.isEmpty()) {
        return Optional.empty();
      }
      String part = normalized.get();
      parts.add(licenses.size() > 1 && part.contains(" ") ? "(" + part + ")" : part);
    }
    return Optional.of(String.join(" AND ", parts.stream().distinct().toList()));
  }

  private static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(' || c == ')' || c == ' ' || c == '\t') {
        if (!word.isEmpty()) {
          tokens.add(word.toString());
          word.setLength(0);
        }
        if (c == '(' || c == ')') {
          tokens.add(String.valueOf(c));
        }
      } else if (Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '-' || c == '+') {
        word.append(c);
      } else {
        return null;
      }
    }
    if (!word.isEmpty()) {
      tokens.add(word.toString());
    }
    return tokens;
  }

  private static final class Parser {
    private final List<String> tokens;
    private int position;

    Parser(List<String> tokens) {
      this.tokens = tokens;
    }

    private String peek() {
      return position < tokens.size() ? tokens.get(position) : null;
    }

    boolean orExpression(StringBuilder out) {
      if (!andExpression(out)) {
        return false;
      }
      while ("OR".equals(peek())) {
        position++;
        out.append(" OR ");
        if (!andExpression(out)) {
          return false;
        }
      }
      return true;
    }

    private boolean andExpression(StringBuilder out) {
      if (!withExpression(out)) {
        return false;
      }
      while ("AND".equals(peek())) {
        position++;
        out.append(" AND ");
        if (!withExpression(out)) {
          return false;
        }
      }
      return true;
    }

    private boolean withExpression(StringBuilder out) {
      String token = peek();
      if (token == null) {
        return false;
      }
      if (token.equals("(")) {
        position++;
        out.append('(');
        if (!orExpression(out) || !")".equals(peek())) {
          return false;
        }
        position++;
        out.append(')');
        return true;
      }
      boolean plus = token.endsWith("+") && token.length() > 1;
      String id =
          LICENSES.get(
              (plus ? token.substring(0, token.length() - 1) : token).toLowerCase(Locale.ROOT));
      if (id == null || id.indexOf('+') >= 0) {
        return false;
      }
      position++;
      out.append(id);
      if (plus) {
        out.append('+');
      }
      if ("WITH".equals(peek())) {
        position++;
        String exception = peek() == null ? null : EXCEPTIONS.get(peek().toLowerCase(Locale.ROOT));
        if (exception == null) {
          return false;
        }
        position++;
        out.append(" WITH ").append(exception);
      }
      return true;
    }
  }
}
