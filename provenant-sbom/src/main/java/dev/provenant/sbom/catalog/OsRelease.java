package dev.provenant.sbom.catalog;

import dev.provenant.sbom.fs.FileEntry;
import dev.provenant.sbom.fs.FileSystemView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The distribution a file system says it is, from {@code /etc/os-release} (or {@code
 * /usr/lib/os-release}, which it usually links to): its {@code ID} and {@code VERSION_ID}.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/os-release.html">os-release
 *     </a>
 */
record OsRelease(String id, String versionId) {
  private static final long MAX_BYTES = 64 * 1024;

  /** The os-release of {@code files}, if it has one. */
  static Optional<OsRelease> of(FileSystemView files) throws IOException {
    for (String path : new String[] {"/etc/os-release", "/usr/lib/os-release"}) {
      Optional<FileEntry> entry = files.file(path);
      if (entry.isPresent() && entry.get().size() <= MAX_BYTES) {
        return Optional.of(
            parse(new String(files.read(entry.get(), MAX_BYTES), StandardCharsets.UTF_8)));
      }
    }
    return Optional.empty();
  }

  static OsRelease parse(String text) {
    Map<String, String> values = new HashMap<>();
    for (String line : text.split("\n")) {
      int equals = line.indexOf('=');
      if (equals <= 0 || line.startsWith("#")) {
        continue;
      }
      String value = line.substring(equals + 1).strip();
      if (value.length() >= 2
          && (value.startsWith("\"") && value.endsWith("\"")
              || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      values.put(line.substring(0, equals).strip(), value);
    }
    return new OsRelease(values.get("ID"), values.get("VERSION_ID"));
  }

  /** The purl {@code distro} qualifier: {@code debian-12}, or just the id without a version. */
  String distro() {
    if (id == null) {
      return null;
    }
    return versionId == null ? id : id + "-" + versionId;
  }
}
