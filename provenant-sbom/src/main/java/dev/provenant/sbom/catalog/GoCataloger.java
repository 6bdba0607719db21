package dev.provenant.sbom.catalog;

import dev.provenant.sbom.fs.FileEntry;
import dev.provenant.sbom.fs.FileSystemView;
import dev.provenant.sbom.model.Component;
import dev.provenant.sbom.model.Purl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Finds the Go modules compiled into ELF executables: the main module and every dependency, read
 * from the build information the Go linker embeds since Go 1.18 (the same data {@code go version
 * -m} prints).
 *
 * <p>Best effort by design. A file is considered only when it starts with the ELF magic and its
 * first 64 KiB hold the {@code Go} build-id note ({@code .note.go.buildid}), so libc and other
 * non-Go binaries are dismissed after one small read. The build information is then found by
 * scanning for its magic at 16-byte alignment, as Go's {@code debug/buildinfo} does inside the data
 * segment. Binaries linked with {@code -buildid=} (no note), the pre-1.18 pointer format, Mach-O
 * and PE files are not read.
 *
 * @see <a href="https://pkg.go.dev/debug/buildinfo">debug/buildinfo</a>
 */
public final class GoCataloger implements Cataloger {

  private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};
  private static final byte[] BUILDINFO_MAGIC =
      "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
  private static final int HEADER_SCAN_BYTES = 64 << 10;
  private static final int BUILDINFO_HEADER = 32;
  private static final int FLAG_INLINE_STRINGS = 0x2;
  private static final int MAX_BUILDINFO_BYTES = 4 << 20;
  private static final int CHUNK = 8 << 20;
  private static final long DEFAULT_MAX_BINARY_BYTES = 1L << 30;
  private static final long MIN_BINARY_BYTES = 4 << 10;
  // runtime/debug's modinfo is framed by these 16 bytes on each side (cmd/go/internal/modload).
  private static final int MODINFO_FRAME = 16;

  private final long maxBinaryBytes;

  /** Reads binaries of at most 1 GiB. */
  public GoCataloger() {
    this(DEFAULT_MAX_BINARY_BYTES);
  }

  public GoCataloger(long maxBinaryBytes) {
    this.maxBinaryBytes = maxBinaryBytes;
  }

  @Override
  public String name() {
    return "go-module-binary";
  }

  @Override
  public List<Component> catalog(FileSystemView files) throws IOException {
    List<Component> found = new ArrayList<>();
    for (FileEntry file : files.files()) {
      if (file.size() < MIN_BINARY_BYTES || file.size() > maxBinaryBytes) {
        continue;
      }
      try {
        if (!looksLikeGoElf(files, file)) {
          continue;
        }
        BuildInfo info = buildInfo(files, file);
        if (info != null) {
          found.addAll(components(info, file));
        }
      } catch (IOException | RuntimeException malformed) {
        // Truncated or unexpected layout: best effort, the file is skipped.
      }
    }
    return found;
  }

  /** The Go version, the main module and its dependencies, as {@code go version -m} lists them. */
  record Module(String path, String version) {}

  record BuildInfo(String goVersion, Module main, List<Module> deps) {}

  private static boolean looksLikeGoElf(FileSystemView files, FileEntry file) throws IOException {
    byte[] head = new byte[HEADER_SCAN_BYTES];
    int length;
    try (InputStream in = files.open(file)) {
      // Four bytes first: most files in an image are not ELF and cost no more than that.
      if (in.readNBytes(head, 0, 4) < 4 || !Arrays.equals(head, 0, 4, ELF_MAGIC, 0, 4)) {
        return false;
      }
      length = 4 + in.readNBytes(head, 4, HEADER_SCAN_BYTES - 4);
    }
    if (length < 64) {
      return false;
    }
    boolean littleEndian = head[5] == 1;
    // An ELF note: namesz=4, descsz, type=4 (Go's ELF_NOTE_GOBUILDID_TAG), name "Go\0\0".
    for (int i = 0; i + 16 <= length; i += 4) {
      if (int32(head, i, littleEndian) == 4
          && int32(head, i + 8, littleEndian) == 4
          && head[i + 12] == 'G'
          && head[i + 13] == 'o'
          && head[i + 14] == 0
          && head[i + 15] == 0) {
        return true;
      }
    }
    return false;
  }

  private static int int32(byte[] b, int at, boolean littleEndian) {
    int b0 = b[at] & 0xff, b1 = b[at + 1] & 0xff, b2 = b[at + 2] & 0xff, b3 = b[at + 3] & 0xff;
    return littleEndian ? b0 | b1 << 8 | b2 << 16 | b3 << 24 : b3 | b2 << 8 | b1 << 16 | b0 << 24;
  }

  /** Streams the file once, keeping at most one chunk and the build information in memory. */
  static BuildInfo buildInfo(FileSystemView files, FileEntry file) throws IOException {
    byte[] buffer = new byte[CHUNK + MAX_BUILDINFO_BYTES];
    try (InputStream in = files.open(file)) {
      int length = in.readNBytes(buffer, 0, CHUNK);
      boolean eof = length < CHUNK;
      while (true) {
        int at = 0;
        for (; at + BUILDINFO_MAGIC.length <= length; at += 16) {
          if (Arrays.equals(
              buffer,
              at,
              at + BUILDINFO_MAGIC.length,
              BUILDINFO_MAGIC,
              0,
              BUILDINFO_MAGIC.length)) {
            break;
          }
        }
        if (at + BUILDINFO_MAGIC.length <= length) {
          // Found: make sure the strings after the header are in the buffer.
          System.arraycopy(buffer, at, buffer, 0, length - at);
          length -= at;
          if (!eof) {
            length += in.readNBytes(buffer, length, buffer.length - length);
          }
          return parse(Arrays.copyOf(buffer, length));
        }
        if (eof) {
          return null;
        }
        // Keep the aligned positions not yet scanned (the magic could straddle the chunk end).
        int keep = length - at;
        System.arraycopy(buffer, at, buffer, 0, keep);
        int read = in.readNBytes(buffer, keep, CHUNK);
        eof = read < CHUNK;
        length = keep + read;
      }
    }
  }

  /**
   * The build information at the start of {@code bytes}: a 32-byte header (magic, pointer size,
   * flags), then, when flag 2 says the strings are inline (Go 1.18+), the Go version and the module
   * information, each a uvarint length and its bytes.
   */
  static BuildInfo parse(byte[] bytes) {
    if (bytes.length < BUILDINFO_HEADER || (bytes[15] & FLAG_INLINE_STRINGS) == 0) {
      return null;
    }
    int[] position = {BUILDINFO_HEADER};
    String goVersion = varintString(bytes, position);
    String modinfo = varintString(bytes, position);
    if (goVersion == null || modinfo == null) {
      return null;
    }
    if (modinfo.length() >= 2 * MODINFO_FRAME + 1
        && modinfo.charAt(modinfo.length() - MODINFO_FRAME - 1) == '\n') {
      modinfo = modinfo.substring(MODINFO_FRAME, modinfo.length() - MODINFO_FRAME);
    }
    Module main = null;
    List<Module> deps = new ArrayList<>();
    for (String line : modinfo.split("\n")) {
      String[] fields = line.split("\t");
      switch (fields[0]) {
        case "mod" -> {
          if (fields.length >= 3) {
            main = new Module(fields[1], fields[2]);
          }
        }
        case "dep" -> {
          if (fields.length >= 3) {
            deps.add(new Module(fields[1], fields[2]));
          }
        }
        case "=>" -> {
          // A replace directive: the module compiled in is the replacement.
          if (fields.length >= 3 && !deps.isEmpty()) {
            deps.set(deps.size() - 1, new Module(fields[1], fields[2]));
          } else if (fields.length >= 3 && main != null && deps.isEmpty()) {
            main = new Module(fields[1], fields[2]);
          }
        }
        default -> {}
      }
    }
    return main == null ? null : new BuildInfo(goVersion, main, deps);
  }

  private static String varintString(byte[] bytes, int[] position) {
    long length = 0;
    int shift = 0;
    int at = position[0];
    while (true) {
      if (at >= bytes.length || shift > 35) {
        return null;
      }
      int b = bytes[at++] & 0xff;
      length |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        break;
      }
      shift += 7;
    }
    if (length > bytes.length - at) {
      return null;
    }
    position[0] = at + (int) length;
    return new String(bytes, at, (int) length, StandardCharsets.UTF_8);
  }

  private List<Component> components(BuildInfo info, FileEntry file) {
    List<Component> found = new ArrayList<>();
    found.add(component("application", info.main(), file));
    for (Module dep : info.deps()) {
      found.add(component("library", dep, file));
    }
    return found;
  }

  private Component component(String type, Module module, FileEntry file) {
    // "(devel)" is what a main module built from a work tree reports: no release version.
    String version = module.version().equals("(devel)") ? null : module.version();
    String path = module.path();
    int slash = path.lastIndexOf('/');
    Purl.Builder purl =
        slash > 0
            ? Purl.builder("golang", path.substring(slash + 1)).namespace(path.substring(0, slash))
            : Purl.builder("golang", path);
    return new Component(
        type,
        path,
        module.version(),
        purl.version(version).build().toString(),
        List.of(),
        file.path(),
        file.layer(),
        Map.of(),
        name());
  }
}
