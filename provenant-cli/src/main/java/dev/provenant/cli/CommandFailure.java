package dev.provenant.cli;

/**
 * A failure a command reports to the user as one line, with the exit code it maps to. Commands
 * throw it (or a domain exception, which {@link FailureHandler} maps) instead of printing and
 * exiting themselves.
 */
final class CommandFailure extends Exception {
  private final int exitCode;
  private final String kind;
  private final java.util.List<String> details;

  CommandFailure(int exitCode, String kind, String message, Throwable cause) {
    this(exitCode, kind, message, java.util.List.of(), cause);
  }

  /**
   * @param details lines that follow the message, one problem each (every problem of a policy file,
   *     with its line)
   */
  CommandFailure(
      int exitCode, String kind, String message, java.util.List<String> details, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.kind = kind;
    this.details = java.util.List.copyOf(details);
  }

  java.util.List<String> details() {
    return details;
  }

  int exitCode() {
    return exitCode;
  }

  /** A stable word for JSON output: {@code invalid_input}, {@code unreachable}… */
  String kind() {
    return kind;
  }
}
