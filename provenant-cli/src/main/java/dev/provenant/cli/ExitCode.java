package dev.provenant.cli;

import dev.provenant.oci.image.ImageAccessException;

/** The exit codes every verb shares. */
final class ExitCode {
  static final int OK = 0;
  static final int NOT_VERIFIED = 1;
  static final int INPUT = 2;
  static final int UNREACHABLE = 3;

  private ExitCode() {}

  static int of(ImageAccessException.Failure failure) {
    return switch (failure) {
      case INTEGRITY -> NOT_VERIFIED;
      case UNREACHABLE -> UNREACHABLE;
      case INVALID_INPUT, NOT_FOUND, UNAUTHORIZED -> INPUT;
    };
  }
}
