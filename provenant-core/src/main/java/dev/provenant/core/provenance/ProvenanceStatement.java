package dev.provenant.core.provenance;

import java.util.List;
import java.util.Objects;

/**
 * An in-toto Statement whose predicate is SLSA provenance: the subjects (artifacts by digest) and
 * how they were built.
 *
 * @see <a href="https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md">in-toto
 *     Statement v1</a>
 */
public record ProvenanceStatement(List<ResourceDescriptor> subjects, Provenance provenance) {
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  public static final String STATEMENT_TYPE_V01 = "https://in-toto.io/Statement/v0.1";
  public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
  public static final String PREDICATE_TYPE_V02 = "https://slsa.dev/provenance/v0.2";

  /**
   * Requires at least one subject, each with a digest: a statement about nothing proves nothing.
   */
  public ProvenanceStatement {
    subjects = List.copyOf(subjects);
    Objects.requireNonNull(provenance, "provenance");
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("a provenance statement needs at least one subject");
    }
    for (ResourceDescriptor subject : subjects) {
      if (subject.digest().isEmpty()) {
        throw new IllegalArgumentException(
            "subject '" + subject.name() + "' has no digest; a subject is named by its digest");
      }
    }
  }
}
