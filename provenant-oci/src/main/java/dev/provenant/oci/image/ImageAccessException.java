package dev.provenant.oci.image;

import java.util.Objects;

/**
 * Thrown when an image or its content cannot be read: the message says what failed and what the
 * user can do; {@link #failure()} says which kind of failure it was, so that callers can map it to
 * an exit code or an HTTP status without parsing the message.
 */
public class ImageAccessException extends Exception {

  /** What kind of thing went wrong. */
  public enum Failure {
    /** The request itself is wrong: a malformed reference, layout, archive or manifest. */
    INVALID_INPUT,
    /** The repository, tag, manifest or blob does not exist. */
    NOT_FOUND,
    /** The registry refused the credentials, or demanded some and none were given. */
    UNAUTHORIZED,
    /** The registry could not be reached, answered with a server error, or timed out. */
    UNREACHABLE,
    /** Content did not match its digest or declared size: it was altered or cut short. */
    INTEGRITY
  }

  private final Failure failure;

  public ImageAccessException(Failure failure, String message) {
    super(message);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public ImageAccessException(Failure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** Which kind of failure this is. */
  public Failure failure() {
    return failure;
  }
}
