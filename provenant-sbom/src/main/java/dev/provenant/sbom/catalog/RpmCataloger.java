package dev.provenant.sbom.catalog;

import dev.provenant.sbom.fs.FileEntry;
import dev.provenant.sbom.fs.FileSystemView;
import dev.provenant.sbom.model.Component;
import dev.provenant.sbom.model.Purl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the packages of Fedora, RHEL and their relatives in rpm's SQLite database, {@code
 * /usr/lib/sysimage/rpm/rpmdb.sqlite} or {@code /var/lib/rpm/rpmdb.sqlite} (rpm 4.16 and later),
 * read with {@link SqliteTable}: each row of its {@code Packages} table holds one package header,
 * whose {@code NAME}, {@code EPOCH}, {@code VERSION}, {@code RELEASE}, {@code ARCH} and {@code
 * LICENSE} tags make the component. The Berkeley DB ({@code Packages}) and ndb databases of older
 * releases and SUSE are not read.
 *
 * <p>A database that is not SQLite, is truncated or whose b-tree does not hold together gives no
 * components; a package header that does not parse is skipped.
 *
 * @see <a href="https://rpm-software-management.github.io/rpm/manual/format_header.html">RPM header
 *     format</a>
 */
public final class RpmCataloger implements Cataloger {
  static final List<String> DATABASES =
      List.of("/usr/lib/sysimage/rpm/rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite");
  private static final long MAX_BYTES = 512L * 1024 * 1024;

  /** rpm's own limit on the number of index entries in one header is far above any package's. */
  private static final int MAX_TAGS = 1 << 16;

  static final int NAME = 1000;
  static final int VERSION = 1001;
  static final int RELEASE = 1002;
  static final int EPOCH = 1003;
  static final int VENDOR = 1011;
  static final int LICENSE = 1014;
  static final int ARCH = 1022;

  private static final int INT32 = 4;
  private static final int STRING = 6;
  private static final int STRING_ARRAY = 8;
  private static final int I18NSTRING = 9;

  /** The tags this cataloger reads from one package header; absent ones are null. */
  record Header(
      String name,
      Integer epoch,
      String version,
      String release,
      String arch,
      String license,
      String vendor) {}

  @Override
  public String name() {
    return "rpm";
  }

  @Override
  public List<Component> catalog(FileSystemView files) throws IOException {
    Optional<OsRelease> os = OsRelease.of(files);
    for (String path : DATABASES) {
      Optional<FileEntry> database = files.file(path);
      if (database.isEmpty()) {
        continue;
      }
      if (database.get().size() > MAX_BYTES) {
        return List.of();
      }
      byte[] bytes = files.read(database.get(), MAX_BYTES);
      List<Component> components = new ArrayList<>();
      for (Header header : headers(bytes)) {
        component(header, os, database.get()).ifPresent(components::add);
      }
      // /var/lib/rpm is a link to /usr/lib/sysimage/rpm on current Fedora: one database is read.
      return components;
    }
    return List.of();
  }

  /** The package headers in an rpmdb.sqlite file; none when it is not one this can read. */
  static List<Header> headers(byte[] database) {
    List<Header> headers = new ArrayList<>();
    try {
      SqliteTable sqlite = SqliteTable.open(database);
      int root = sqlite.rootPage("Packages");
      if (root == 0) {
        return List.of();
      }
      sqlite.rows(
          root,
          row -> {
            for (Object column : row) {
              if (column instanceof byte[] blob) {
                parse(blob).ifPresent(headers::add);
                return;
              }
            }
          });
    } catch (SqliteTable.Malformed malformed) {
      return List.of();
    }
    return headers;
  }

  /**
   * Parses a header blob as rpmdb stores it, without the magic: the index entry count and data
   * length (32-bit big-endian each), that many 16-byte entries {tag, type, offset, count}, then the
   * data store the offsets point into. Empty when it does not hold together or has no name.
   */
  static Optional<Header> parse(byte[] blob) {
    if (blob.length < 8) {
      return Optional.empty();
    }
    long count = u32(blob, 0);
    long dataLength = u32(blob, 4);
    if (count < 1 || count > MAX_TAGS || 8 + count * 16 + dataLength > blob.length) {
      return Optional.empty();
    }
    int store = 8 + (int) count * 16;
    int end = store + (int) dataLength;
    String name = null;
    String version = null;
    String release = null;
    String arch = null;
    String license = null;
    String vendor = null;
    Integer epoch = null;
    for (int i = 0; i < count; i++) {
      int entry = 8 + i * 16;
      long tag = u32(blob, entry);
      long type = u32(blob, entry + 4);
      long offset = u32(blob, entry + 8);
      long items = u32(blob, entry + 12);
      if (offset >= dataLength || items < 1) {
        continue;
      }
      int at = store + (int) offset;
      if (tag == EPOCH) {
        if (type == INT32 && at + 4 <= end) {
          long value = u32(blob, at);
          epoch = value > Integer.MAX_VALUE ? null : (int) value;
        }
        continue;
      }
      if (type != STRING && type != STRING_ARRAY && type != I18NSTRING) {
        continue;
      }
      // For a string array or an i18n string (one per locale) the first string is taken.
      String value = string(blob, at, end);
      if (tag == NAME) {
        name = value;
      } else if (tag == VERSION) {
        version = value;
      } else if (tag == RELEASE) {
        release = value;
      } else if (tag == ARCH) {
        arch = value;
      } else if (tag == LICENSE) {
        license = value;
      } else if (tag == VENDOR) {
        vendor = value;
      }
    }
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new Header(name, epoch, version, release, arch, license, vendor));
  }

  private Optional<Component> component(Header header, Optional<OsRelease> os, FileEntry database) {
    String version =
        header.version() == null
            ? null
            : header.release() == null
                ? header.version()
                : header.version() + "-" + header.release();
    String id = os.map(OsRelease::id).orElse(null);
    Purl purl =
        Purl.builder("rpm", header.name())
            .namespace(id)
            .version(version)
            .qualifier("arch", header.arch())
            .qualifier("epoch", header.epoch() == null ? null : header.epoch().toString())
            .qualifier("distro", os.map(OsRelease::distro).orElse(null))
            .build();
    String license = header.license();
    return Optional.of(
        new Component(
            "library",
            header.name(),
            header.epoch() == null || version == null ? version : header.epoch() + ":" + version,
            purl.toString(),
            license == null || license.isBlank() ? List.of() : List.of(license.strip()),
            database.path(),
            database.layer(),
            Map.of(),
            name()));
  }

  /** The NUL-terminated UTF-8 string at {@code at}; null when it runs past {@code end}. */
  private static String string(byte[] blob, int at, int end) {
    for (int i = at; i < end; i++) {
      if (blob[i] == 0) {
        return new String(blob, at, i - at, StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static long u32(byte[] bytes, int at) {
    return ((bytes[at] & 0xffL) << 24)
        | ((bytes[at + 1] & 0xff) << 16)
        | ((bytes[at + 2] & 0xff) << 8)
        | (bytes[at + 3] & 0xff);
  }
}
