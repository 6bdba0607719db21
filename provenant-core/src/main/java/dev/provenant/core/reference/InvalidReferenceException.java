package dev.provenant.core.reference;

/** Thrown when text is not a valid image reference; the message names the offending part. */
public final class InvalidReferenceException extends Exception {
  private final String input;

  public InvalidReferenceException(String input, String problem) {
    super("invalid image reference '" + input + "': " + problem);
    this.input = input;
  }

  /** The text that failed to parse. */
  public String input() {
    return input;
  }
}
