package dev.provenant.core.trust;

/** Thrown when a {@code trusted_root.json} cannot be read; the message names the bad field. */
public final class TrustedRootException extends Exception {
  public TrustedRootException(String message) {
    super(message);
  }

  public TrustedRootException(String message, Throwable cause) {
    super(message, cause);
  }
}
