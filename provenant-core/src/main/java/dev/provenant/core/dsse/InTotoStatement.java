package dev.provenant.core.dsse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The subjects of an in-toto Statement (v0.1 or v1): which artifacts, by digest, an attestation is
 * about. Only what verification needs is read; the predicate is left to its own parsers.
 *
 * @see <a href="https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md">in-toto
 *     Statement v1</a>
 */
public record InTotoStatement(String type, String predicateType, List<Subject> subjects) {
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One subject: a name and its digests by algorithm ({@code sha256} → lower-case hex). */
  public record Subject(String name, java.util.Map<String, String> digests) {}

  public InTotoStatement {
    subjects = List.copyOf(subjects);
  }

  /**
   * Reads the statement in a DSSE payload.
   *
   * @throws IllegalArgumentException when the payload is not an in-toto statement
   */
  public static InTotoStatement parse(byte[] payload) {
    JsonNode root;
    try {
      root = MAPPER.readTree(payload);
    } catch (IOException e) {
      throw new IllegalArgumentException("the DSSE payload is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("_type").isTextual()) {
      throw new IllegalArgumentException("the DSSE payload is not an in-toto statement (no _type)");
    }
    List<Subject> subjects = new ArrayList<>();
    for (JsonNode subject : root.path("subject")) {
      java.util.Map<String, String> digests = new java.util.LinkedHashMap<>();
      subject
          .path("digest")
          .properties()
          .forEach(e -> digests.put(e.getKey(), e.getValue().asText().toLowerCase(Locale.ROOT)));
      subjects.add(new Subject(subject.path("name").asText(""), digests));
    }
    return new InTotoStatement(
        root.path("_type").asText(), root.path("predicateType").asText(""), subjects);
  }

  /** Whether one subject names {@code digest} (compared as lower-case hex). */
  public boolean hasSubject(Digest digest) {
    String hex = digest.hex();
    String algorithm = digest.algorithm().label();
    return subjects.stream().anyMatch(s -> hex.equals(s.digests().get(algorithm)));
  }
}
