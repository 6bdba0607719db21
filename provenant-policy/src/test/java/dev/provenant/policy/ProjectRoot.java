package dev.provenant.policy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root directory, where docs/ is found. */
final class ProjectRoot {
  private ProjectRoot() {}

  static Path path() {
    String configured = System.getProperty("provenant.project.root");
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("provenant")) && Files.exists(p.resolve("README.md"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the project root above " + start);
  }
}
