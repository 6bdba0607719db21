package dev.provenant.server.admission;

/** A request body that is not an AdmissionReview v1 request this webhook can answer. */
public final class MalformedReviewException extends Exception {
  public MalformedReviewException(String message) {
    super(message, null, false, false);
  }
}
