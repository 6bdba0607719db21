package dev.provenant.policy;

import java.nio.file.Path;

/**
 * One thing wrong with a policy file, where it is: {@code policy.yaml:12: spec.mode: must be one of
 * enforce, warn}.
 *
 * @param line the 1-based line, or 0 when the problem is the whole file
 */
public record PolicyProblem(Path file, int line, String message) {
  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + message;
  }
}
