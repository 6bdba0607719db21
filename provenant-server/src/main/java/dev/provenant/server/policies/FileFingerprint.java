package dev.provenant.server.policies;

import dev.provenant.core.digest.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a set of files looks like now: each file's modification time, size, identity and content
 * digest (a directory counts as the files directly in it). Two fingerprints differ when a file was
 * written, added, removed or replaced, which is how mounted ConfigMaps and Secrets change (a
 * symlink swap).
 *
 * <p>The content digest is there because the rest is not enough: two writes of the same size into
 * the same file within one tick of the file system's clock (a millisecond or coarser) leave time,
 * size and inode as they were. Policies, keys and certificates are small, so reading them on each
 * reload tick costs little; a file larger than {@link #HASHED_UP_TO} bytes is stamped without it.
 */
public record FileFingerprint(Map<Path, String> files) {
  static final long HASHED_UP_TO = 4L * 1024 * 1024;

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
      String stamp =
          attributes.lastModifiedTime().toMillis()
              + "/"
              + attributes.size()
              + "/"
              + attributes.fileKey();
      if (attributes.size() > HASHED_UP_TO) {
        return stamp;
      }
      return stamp + "/" + Digest.sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      return "missing";
    }
  }
}
