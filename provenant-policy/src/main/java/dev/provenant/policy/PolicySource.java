package dev.provenant.policy;

import java.nio.file.Path;

/** Where a policy document starts: its file and line, for messages. */
public record PolicySource(Path file, int line) {
  @Override
  public String toString() {
    return file + ":" + line;
  }
}
