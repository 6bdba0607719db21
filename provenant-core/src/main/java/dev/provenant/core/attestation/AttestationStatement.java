package dev.provenant.core.attestation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Digest;
import java.io.IOException;
import java.util.Objects;

/**
 * The in-toto Statement v1 an attestation signs: one subject (an image's manifest digest, or a
 * file's SHA-256), a predicate type and the user's predicate document, unchanged. The sibling of
 * {@link dev.provenant.core.signature.ImageSignatureStatement}, which signs an empty predicate.
 *
 * <p>cosign wraps a {@code custom} predicate in {@code {"Data", "Timestamp"}}; Provenant does not:
 * every predicate is carried as given, so that what a verifier decodes is what was attested.
 *
 * @see <a href="https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md">in-toto
 *     Statement v1</a>
 */
public final class AttestationStatement {
  /** The statement's {@code _type}. */
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";

  /** Predicates are documents (SBOMs, scans, provenance); anything larger is not one. */
  public static final int MAX_PREDICATE_BYTES = 32 << 20;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private AttestationStatement() {}

  /**
   * The statement's JSON bytes.
   *
   * @param subjectName the subject's name: the image repository, or the file name
   * @param predicateJson the predicate document; must be one JSON object
   * @param source how to name the predicate in an error ({@code "predicate file vuln.json"})
   * @throws InvalidPredicateException when the predicate is not a JSON object
   */
  public static byte[] about(
      String subjectName, Digest subject, PredicateType type, byte[] predicateJson, String source)
      throws InvalidPredicateException {
    return about(subjectName, subject, type, parsePredicate(predicateJson, source));
  }

  /**
   * Checks that {@code predicateJson} can be a predicate, before anything is resolved or signed.
   *
   * @throws InvalidPredicateException when it is not a JSON object
   */
  public static void check(byte[] predicateJson, String source) throws InvalidPredicateException {
    parsePredicate(predicateJson, source);
  }

  private static byte[] about(
      String subjectName, Digest subject, PredicateType type, JsonNode predicate) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(type, "type");
    ObjectNode statement = JSON.createObjectNode();
    statement.put("_type", STATEMENT_TYPE);
    ObjectNode entry = statement.putArray("subject").addObject();
    entry.put("name", subjectName);
    entry.putObject("digest").put(subject.algorithm().label(), subject.hex());
    statement.put("predicateType", type.uri());
    statement.set("predicate", predicate);
    try {
      return JSON.writeValueAsBytes(statement);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * The {@code predicate} of a statement's JSON, for showing what a verified attestation says.
   *
   * @throws IllegalArgumentException when {@code statementJson} is not a JSON object
   */
  public static JsonNode predicateOf(byte[] statementJson) {
    try {
      JsonNode root = JSON.readTree(statementJson);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("the statement is not a JSON object");
      }
      return root.path("predicate");
    } catch (IOException e) {
      throw new IllegalArgumentException("the statement is not JSON: " + e.getMessage(), e);
    }
  }

  private static JsonNode parsePredicate(byte[] json, String source)
      throws InvalidPredicateException {
    if (json.length > MAX_PREDICATE_BYTES) {
      throw new InvalidPredicateException(
          source + " is larger than " + MAX_PREDICATE_BYTES + " bytes");
    }
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidPredicateException(source + " is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidPredicateException(source + " is not JSON: " + e.getMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new InvalidPredicateException(source + " is not JSON: it is empty");
    }
    if (!node.isObject()) {
      throw new InvalidPredicateException(
          source
              + " is JSON but not an object (it is "
              + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + "); an in-toto predicate is a JSON object");
    }
    return node;
  }
}
