package dev.provenant.core.attestation;

/**
 * Thrown when a predicate or its type cannot go into an attestation: the type is neither a known
 * short name nor an absolute URI, or the predicate is not a JSON object. The message names the
 * input and says what is accepted.
 */
public final class InvalidPredicateException extends Exception {
  public InvalidPredicateException(String message) {
    super(message);
  }

  public InvalidPredicateException(String message, Throwable cause) {
    super(message, cause);
  }
}
