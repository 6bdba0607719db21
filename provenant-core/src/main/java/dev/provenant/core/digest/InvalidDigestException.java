package dev.provenant.core.digest;

/** Thrown when text that should be a digest is not one; the message names what is wrong. */
public final class InvalidDigestException extends Exception {
  public InvalidDigestException(String message) {
    super(message);
  }
}
