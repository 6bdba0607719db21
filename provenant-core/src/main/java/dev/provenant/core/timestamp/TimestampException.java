package dev.provenant.core.timestamp;

/** Thrown when an RFC 3161 timestamp does not verify; the message says which step failed. */
public final class TimestampException extends Exception {
  public TimestampException(String message) {
    super(message);
  }

  public TimestampException(String message, Throwable cause) {
    super(message, cause);
  }
}
