package dev.provenant.core.keys;

/** Thrown when a key file or key text cannot be used; the message says what is wrong with it. */
public final class InvalidKeyException extends Exception {
  public InvalidKeyException(String message) {
    super(message);
  }

  public InvalidKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
