package dev.provenant.core.attestation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The type of an in-toto predicate: an absolute URI, given on the command line either as the URI or
 * as one of cosign's short names ({@code cyclonedx}, {@code vuln}…). {@link #toString()} is the
 * URI, as the statement's {@code predicateType} carries it.
 *
 * <p>The short names follow cosign's {@code --type} list ({@code pkg/cosign/options/predicate.go})
 * with one deliberate difference the Provenant issue asks for: {@code slsaprovenance} is SLSA
 * provenance v1, where cosign maps it to v0.2 ({@code slsaprovenance02} is v0.2 in both). {@code
 * vsa} is Provenant's own.
 *
 * @see <a href="https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md">in-toto
 *     Statement v1, predicateType</a>
 */
public record PredicateType(String uri) {
  /** Short names and the URIs they stand for, in the order help lists them. */
  private static final Map<String, String> SHORT_NAMES = new LinkedHashMap<>();

  static {
    SHORT_NAMES.put("slsaprovenance", "https://slsa.dev/provenance/v1");
    SHORT_NAMES.put("slsaprovenance1", "https://slsa.dev/provenance/v1");
    SHORT_NAMES.put("slsaprovenance02", "https://slsa.dev/provenance/v0.2");
    SHORT_NAMES.put("cyclonedx", "https://cyclonedx.org/bom");
    SHORT_NAMES.put("spdx", "https://spdx.dev/Document");
    SHORT_NAMES.put("spdxjson", "https://spdx.dev/Document");
    SHORT_NAMES.put("link", "https://in-toto.io/Link/v1");
    SHORT_NAMES.put("vuln", "https://cosign.sigstore.dev/attestation/vuln/v1");
    SHORT_NAMES.put("openvex", "https://openvex.dev/ns");
    SHORT_NAMES.put("vsa", "https://slsa.dev/verification_summary/v1");
    SHORT_NAMES.put("custom", "https://cosign.sigstore.dev/attestation/v1");
  }

  public PredicateType {
    Objects.requireNonNull(uri, "uri");
  }

  /**
   * The type {@code text} names: a short name, else an absolute URI ({@code https://…}, {@code
   * urn:…}).
   *
   * @throws InvalidPredicateException naming {@code text} and listing the short names
   */
  public static PredicateType parse(String text) throws InvalidPredicateException {
    Objects.requireNonNull(text, "text");
    String known = SHORT_NAMES.get(text);
    if (known != null) {
      return new PredicateType(known);
    }
    if (text.contains(":")) {
      try {
        URI uri = new URI(text);
        if (uri.isAbsolute() && !text.isBlank() && text.strip().equals(text)) {
          return new PredicateType(text);
        }
      } catch (URISyntaxException e) {
        throw invalid(text, e);
      }
    }
    throw invalid(text, null);
  }

  /** The short names {@link #parse} knows, joined for a message or help text. */
  public static String shortNames() {
    return String.join(", ", SHORT_NAMES.keySet());
  }

  /** The short names and their URIs, in help order. */
  public static Map<String, String> shortNameTable() {
    return java.util.Collections.unmodifiableMap(SHORT_NAMES);
  }

  private static InvalidPredicateException invalid(String text, Throwable cause) {
    return new InvalidPredicateException(
        "unknown predicate type '"
            + text
            + "': give one of "
            + shortNames()
            + ", or an absolute URI such as https://example.com/predicate/v1",
        cause);
  }

  @Override
  public String toString() {
    return uri;
  }
}
