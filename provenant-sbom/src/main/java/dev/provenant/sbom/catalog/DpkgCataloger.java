package dev.provenant.sbom.catalog;

import dev.provenant.sbom.fs.FileEntry;
import dev.provenant.sbom.fs.FileSystemView;
import dev.provenant.sbom.model.Component;
import dev.provenant.sbom.model.Purl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds Debian packages: those dpkg records as installed in {@code /var/lib/dpkg/status}, and the
 * one-package files of {@code /var/lib/dpkg/status.d/} that distroless images use instead.
 *
 * <p>A paragraph whose {@code Status} is anything but {@code install ok installed} (removed,
 * half-configured, config-files only) is skipped; a {@code status.d} paragraph without a {@code
 * Status} field is taken as installed, since those files are written only for installed packages.
 * Licences come from {@code /usr/share/doc/PACKAGE/copyright} when it is machine-readable (DEP-5);
 * a free-form copyright file gives none.
 *
 * @see <a href="https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/">DEP-5</a>
 */
public final class DpkgCataloger implements Cataloger {
  static final String STATUS = "/var/lib/dpkg/status";
  static final String STATUS_DIR = "/var/lib/dpkg/status.d/";
  private static final long MAX_STATUS_BYTES = 64L * 1024 * 1024;
  private static final long MAX_COPYRIGHT_BYTES = 4L * 1024 * 1024;

  @Override
  public String name() {
    return "dpkg";
  }

  @Override
  public List<Component> catalog(FileSystemView files) throws IOException {
    Optional<OsRelease> os = OsRelease.of(files);
    List<FileEntry> databases = new ArrayList<>();
    files.file(STATUS).ifPresent(databases::add);
    for (FileEntry entry : files.files()) {
      if (entry.path().startsWith(STATUS_DIR)
          && entry.path().indexOf('/', STATUS_DIR.length()) < 0
          && !entry.path().endsWith(".md5sums")) {
        databases.add(entry);
      }
    }
    List<Component> components = new ArrayList<>();
    for (FileEntry database : databases) {
      if (database.size() > MAX_STATUS_BYTES) {
        continue;
      }
      String text = new String(files.read(database, MAX_STATUS_BYTES), StandardCharsets.UTF_8);
      boolean statusFile = database.path().equals(STATUS);
      for (Map<String, String> paragraph : ControlParagraphs.parse(text)) {
        String status = paragraph.get("Status");
        if (status == null ? statusFile : !status.equals("install ok installed")) {
          continue;
        }
        String name = paragraph.get("Package");
        String version = paragraph.get("Version");
        if (name == null || version == null) {
          continue;
        }
        components.add(component(files, os, database, name, version, paragraph));
      }
    }
    return components;
  }

  private Component component(
      FileSystemView files,
      Optional<OsRelease> os,
      FileEntry database,
      String name,
      String version,
      Map<String, String> paragraph)
      throws IOException {
    String distroId = os.map(OsRelease::id).orElse("debian");
    Purl purl =
        Purl.builder("deb", name)
            .namespace(distroId)
            .version(version)
            .qualifier("arch", paragraph.get("Architecture"))
            .qualifier("distro", os.map(OsRelease::distro).orElse(null))
            .build();
    return new Component(
        "library",
        name,
        version,
        purl.toString(),
        licenses(files, name),
        database.path(),
        database.layer(),
        Map.of(),
        name());
  }

  /** The distinct {@code License} short names of a DEP-5 copyright file; none otherwise. */
  static List<String> licenses(FileSystemView files, String packageName) throws IOException {
    Optional<FileEntry> copyright = files.file("/usr/share/doc/" + packageName + "/copyright");
    if (copyright.isEmpty() || copyright.get().size() > MAX_COPYRIGHT_BYTES) {
      return List.of();
    }
    String text =
        new String(files.read(copyright.get(), MAX_COPYRIGHT_BYTES), StandardCharsets.UTF_8);
    List<Map<String, String>> paragraphs = ControlParagraphs.parse(text);
    if (paragraphs.isEmpty()
        || !paragraphs.get(0).getOrDefault("Format", "").contains("copyright-format")) {
      return List.of();
    }
    Set<String> licenses = new LinkedHashSet<>();
    for (Map<String, String> paragraph : paragraphs) {
      String license = paragraph.get("License");
      if (license == null) {
        continue;
      }
      // The first line is the short name (or expression); the rest is the licence text.
      String shortName = license.lines().findFirst().orElse("").strip();
      if (!shortName.isEmpty()) {
        licenses.add(shortName);
      }
    }
    return List.copyOf(licenses);
  }
}
