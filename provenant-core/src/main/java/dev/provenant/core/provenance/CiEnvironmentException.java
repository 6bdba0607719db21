package dev.provenant.core.provenance;

import java.util.List;

/**
 * Thrown when the CI environment (or the flags standing in for one) lacks what provenance needs;
 * {@link #missing()} names each variable or flag so the user can set it.
 */
public final class CiEnvironmentException extends Exception {
  private final List<String> missing;

  public CiEnvironmentException(String message, List<String> missing) {
    super(message);
    this.missing = List.copyOf(missing);
  }

  /** The environment variables or flags that are needed and were not set, or are malformed. */
  public List<String> missing() {
    return missing;
  }
}
