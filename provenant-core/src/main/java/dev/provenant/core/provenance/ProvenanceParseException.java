package dev.provenant.core.provenance;

/** Thrown when bytes are not an in-toto statement carrying SLSA v1 or v0.2 provenance. */
public final class ProvenanceParseException extends Exception {
  public ProvenanceParseException(String message) {
    super(message);
  }

  public ProvenanceParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
