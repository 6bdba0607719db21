package dev.provenant.server.policies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a set of files looks like now: each file's modification time and size (a directory counts as
 * the files directly in it). Two fingerprints differ when a file was written, added, removed or
 * replaced, which is how mounted ConfigMaps and Secrets change (a symlink swap).
 */
public record FileFingerprint(Map<Path, String> files) {
  public static FileFingerprint of(Collection<Path> paths) {
    Map<Path, String> files = new TreeMap<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> children = Files.list(path)) {
          children.filter(Files::isRegularFile).forEach(child -> files.put(child, stamp(child)));
        } catch (IOException e) {
          files.put(path, "unreadable: " + e.getMessage());
        }
      } else {
        files.put(path, stamp(path));
      }
    }
    return new FileFingerprint(files);
  }

  private static String stamp(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.lastModifiedTime().toMillis()
          + "/"
          + attributes.size()
          + "/"
          + attributes.fileKey();
    } catch (IOException e) {
      return "missing";
    }
  }
}
