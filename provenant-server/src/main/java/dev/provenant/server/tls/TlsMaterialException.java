package dev.provenant.server.tls;

/** A PEM certificate or key that cannot be served, with the file and the reason. */
public final class TlsMaterialException extends Exception {
  public TlsMaterialException(String message, Throwable cause) {
    super(message, cause);
  }

  public TlsMaterialException(String message) {
    super(message);
  }
}
