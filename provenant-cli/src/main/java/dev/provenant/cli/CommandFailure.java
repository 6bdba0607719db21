package dev.provenant.cli;

/**
 * A failure a command reports to the user as one line, with the exit code it maps to. Commands
 * throw it (or a domain exception, which {@link FailureHandler} maps) instead of printing and
 * exiting themselves.
 */
final class CommandFailure extends Exception {
  private final int exitCode;
  private final String kind;

  CommandFailure(int exitCode, String kind, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.kind = kind;
  }

  int exitCode() {
    return exitCode;
  }

  /** A stable word for JSON output: {@code invalid_input}, {@code unreachable}… */
  String kind() {
    return kind;
  }
}
