package dev.provenant.core.bundle;

/**
 * Thrown when a bundle could not be made: the message says which service or step failed and what to
 * do; {@link #unreachable()} tells a service that could not be reached (exit code 3) from a refusal
 * or bad input (exit code 2).
 */
public final class BundleSigningException extends Exception {
  private final boolean unreachable;

  public BundleSigningException(String message, boolean unreachable, Throwable cause) {
    super(message, cause);
    this.unreachable = unreachable;
  }

  /** Whether a signing service (Fulcio, Rekor, a timestamp authority) could not be reached. */
  public boolean unreachable() {
    return unreachable;
  }
}
