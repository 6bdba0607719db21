package dev.provenant.core.bundle;

/**
 * Thrown when bytes are not a Sigstore bundle Provenant can read. The {@link #reason()} tells tools
 * what kind of problem it is; the message says where and what to do.
 */
public final class BundleParseException extends Exception {
  /** What kind of problem the bundle has. */
  public enum Reason {
    /** Not JSON, or not a JSON object. */
    MALFORMED_JSON,
    /** A media type this version of Provenant does not know (a newer bundle version?). */
    UNKNOWN_MEDIA_TYPE,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field holds a value that cannot be right (bad base64, a negative index…). */
    INVALID_FIELD
  }

  private final Reason reason;

  public BundleParseException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public BundleParseException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
