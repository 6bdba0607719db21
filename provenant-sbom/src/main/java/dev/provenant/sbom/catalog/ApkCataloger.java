package dev.provenant.sbom.catalog;

import dev.provenant.sbom.fs.FileEntry;
import dev.provenant.sbom.fs.FileSystemView;
import dev.provenant.sbom.model.Component;
import dev.provenant.sbom.model.Purl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds Alpine packages in apk's installed database, {@code /lib/apk/db/installed}: one paragraph
 * per package, one {@code X:value} field a line, {@code P} the name, {@code V} the version, {@code
 * A} the architecture and {@code L} the licence (an SPDX expression in current Alpine).
 *
 * @see <a href="https://wiki.alpinelinux.org/wiki/Apk_spec">apk spec: the installed database</a>
 */
public final class ApkCataloger implements Cataloger {
  static final String INSTALLED = "/lib/apk/db/installed";
  private static final long MAX_BYTES = 64L * 1024 * 1024;

  @Override
  public String name() {
    return "apk";
  }

  @Override
  public List<Component> catalog(FileSystemView files) throws IOException {
    Optional<FileEntry> database = files.file(INSTALLED);
    if (database.isEmpty() || database.get().size() > MAX_BYTES) {
      return List.of();
    }
    Optional<OsRelease> os = OsRelease.of(files);
    String text = new String(files.read(database.get(), MAX_BYTES), StandardCharsets.UTF_8);
    List<Component> components = new ArrayList<>();
    Map<String, String> fields = new HashMap<>();
    for (String line : (text + "\n\n").split("\r?\n", -1)) {
      if (line.isBlank()) {
        if (!fields.isEmpty()) {
          component(fields, os, database.get()).ifPresent(components::add);
          fields = new HashMap<>();
        }
      } else if (line.length() >= 2 && line.charAt(1) == ':') {
        // Repeated letters (F:, R:, Z: for files) are not needed; the first wins for P/V/A/L.
        fields.putIfAbsent(line.substring(0, 1), line.substring(2));
      }
    }
    return components;
  }

  private Optional<Component> component(
      Map<String, String> fields, Optional<OsRelease> os, FileEntry database) {
    String name = fields.get("P");
    String version = fields.get("V");
    if (name == null || version == null) {
      return Optional.empty();
    }
    String versionId = os.map(OsRelease::versionId).orElse(null);
    Purl purl =
        Purl.builder("apk", name)
            .namespace("alpine")
            .version(version)
            .qualifier("arch", fields.get("A"))
            .qualifier("distro", versionId == null ? null : "alpine-" + versionId)
            .build();
    String license = fields.get("L");
    return Optional.of(
        new Component(
            "library",
            name,
            version,
            purl.toString(),
            license == null || license.isBlank() ? List.of() : List.of(license.strip()),
            database.path(),
            database.layer(),
            Map.of(),
            name()));
  }
}
