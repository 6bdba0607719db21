package dev.provenant.core.signature;

/**
 * Thrown when the bytes a signature covers are not a payload Provenant accepts; the message says
 * which field is wrong and what was found.
 */
public final class InvalidPayloadException extends Exception {
  public InvalidPayloadException(String message) {
    super(message);
  }

  public InvalidPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
