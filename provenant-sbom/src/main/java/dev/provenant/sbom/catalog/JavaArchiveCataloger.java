package dev.provenant.sbom.catalog;

import dev.provenant.sbom.fs.FileEntry;
import dev.provenant.sbom.fs.FileSystemView;
import dev.provenant.sbom.model.Component;
import dev.provenant.sbom.model.Purl;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Finds Java archives ({@code .jar}, {@code .war}, {@code .ear}) and the archives nested in them
 * ({@code WEB-INF/lib}, Spring Boot's {@code BOOT-INF/lib}), identifying each by its Maven {@code
 * pom.properties}, else its manifest, else its file name.
 *
 * <p>Archives are streamed with {@link ZipInputStream}, a nested one read straight out of its
 * parent's entry, so nothing is written to disk and nothing larger than one metadata file is held
 * in memory. The hashes of an archive are those of its bytes: the file for an outer archive, the
 * entry for a nested one.
 */
public final class JavaArchiveCataloger implements Cataloger {

  private static final int DEFAULT_MAX_DEPTH = 3;
  private static final long DEFAULT_MAX_ARCHIVE_BYTES = 1L << 30;
  private static final int MAX_METADATA_BYTES = 4 << 20;
  private static final Pattern POM_PROPERTIES =
      Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/pom\\.properties");
  // name-1.2.3.jar, guava-33.0.0-jre.jar: the version starts at the first "-<digit>".
  private static final Pattern VERSIONED_FILE_NAME =
      Pattern.compile("(.+?)-(\\d[^/]*)\\.(?:jar|war|ear)", Pattern.CASE_INSENSITIVE);

  private final int maxDepth;
  private final long maxArchiveBytes;

  /** Descends three archives deep and reads archives of at most 1 GiB. */
  public JavaArchiveCataloger() {
    this(DEFAULT_MAX_DEPTH, DEFAULT_MAX_ARCHIVE_BYTES);
  }

  /**
   * @param maxDepth how many archives deep to look: 1 reads only the archives in the file system
   * @param maxArchiveBytes the largest archive, outer or nested, that is read
   */
  public JavaArchiveCataloger(int maxDepth, long maxArchiveBytes) {
    if (maxDepth < 1 || maxArchiveBytes < 1) {
      throw new IllegalArgumentException("maxDepth and maxArchiveBytes must be positive");
    }
    this.maxDepth = maxDepth;
    this.maxArchiveBytes = maxArchiveBytes;
  }

  @Override
  public String name() {
    return "java-archive";
  }

  @Override
  public List<Component> catalog(FileSystemView files) throws IOException {
    List<Component> found = new ArrayList<>();
    for (FileEntry file : files.files()) {
      if (!isArchive(file.path()) || file.size() > maxArchiveBytes) {
        continue;
      }
      List<Component> inArchive = new ArrayList<>();
      try (InputStream in = files.open(file)) {
        read(in, file.path(), file, 1, inArchive);
        found.addAll(inArchive);
      } catch (IOException | RuntimeException malformed) {
        // A truncated or corrupt archive (ZipException, EOFException, a bad manifest): its
        // identity cannot be trusted, so it is skipped and the other archives are still read.
      }
    }
    return found;
  }

  static boolean isArchive(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    return lower.endsWith(".jar") || lower.endsWith(".war") || lower.endsWith(".ear");
  }

  /**
   * Reads one archive from {@code raw} to its end, adding its components (after those of the
   * archives nested in it) to {@code out}.
   */
  private void read(
      InputStream raw, String location, FileEntry file, int depth, List<Component> out)
      throws IOException {
    MessageDigest sha1 = newDigest("SHA-1");
    MessageDigest sha256 = newDigest("SHA-256");
    InputStream hashed =
        new DigestInputStream(
            new DigestInputStream(new BoundedInputStream(raw, maxArchiveBytes, location), sha1),
            sha256);
    List<Properties> poms = new ArrayList<>();
    Manifest manifest = null;
    List<Component> nested = new ArrayList<>();
    ZipInputStream zip = new ZipInputStream(hashed);
    int entries = 0;
    for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
      entries++;
      if (entry.isDirectory()) {
        continue;
      }
      String name = entry.getName();
      if (POM_PROPERTIES.matcher(name).matches()) {
        Properties properties = new Properties();
        properties.load(new ByteArrayInputStream(readBounded(zip, name)));
        poms.add(properties);
      } else if (name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
        manifest = new Manifest(new ByteArrayInputStream(readBounded(zip, name)));
      } else if (depth < maxDepth && isArchive(name)) {
        List<Component> inNested = new ArrayList<>();
        try {
          read(new NonClosingInputStream(zip), location + "!/" + name, file, depth + 1, inNested);
          nested.addAll(inNested);
        } catch (IOException | RuntimeException malformed) {
          // A corrupt nested archive is skipped; the outer stream moves on to its next entry.
        }
      }
    }
    if (entries == 0) {
      // ZipInputStream reports "no more entries" for bytes that are no zip at all.
      throw new ZipException(location + " has no zip entries");
    }
    // Hash to the end: ZipInputStream stops at the central directory.
    hashed.transferTo(OutputStream.nullOutputStream());
    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put("SHA-1", HexFormat.of().formatHex(sha1.digest()));
    hashes.put("SHA-256", HexFormat.of().formatHex(sha256.digest()));
    out.addAll(nested);
    out.addAll(identify(location, file, poms, manifest, hashes));
  }

  private List<Component> identify(
      String location,
      FileEntry file,
      List<Properties> poms,
      Manifest manifest,
      Map<String, String> hashes) {
    List<String> licenses = manifest == null ? List.of() : licenses(manifest.getMainAttributes());
    List<Component> found = new ArrayList<>();
    for (Properties pom : poms) {
      String group = trimmed(pom.getProperty("groupId"));
      String artifact = trimmed(pom.getProperty("artifactId"));
      String version = trimmed(pom.getProperty("version"));
      if (group != null && artifact != null && version != null) {
        found.add(component(group, artifact, version, licenses, location, file, hashes));
      }
    }
    if (!found.isEmpty()) {
      return found;
    }
    String fileName = location.substring(location.lastIndexOf('/') + 1);
    Matcher versioned = VERSIONED_FILE_NAME.matcher(fileName);
    if (manifest != null) {
      Attributes main = manifest.getMainAttributes();
      String title = trimmed(main.getValue("Implementation-Title"));
      String version = trimmed(main.getValue("Implementation-Version"));
      String group = trimmed(main.getValue("Implementation-Vendor-Id"));
      String symbolicName = trimmed(main.getValue("Bundle-SymbolicName"));
      if (symbolicName != null) {
        // "org.example.bundle;singleton:=true": the directives are not part of the name.
        symbolicName = trimmed(symbolicName.split(";", 2)[0]);
      }
      if (title == null || version == null) {
        title = symbolicName;
        version = trimmed(main.getValue("Bundle-Version"));
      }
      if (title != null && version != null) {
        // A title is often prose ("Bouncy Castle Provider"), a file name rarely: when the file
        // is named <artifact>-<the same version>.jar, the file name is the better artifact id.
        String artifact =
            versioned.matches() && versioned.group(2).equals(version) ? versioned.group(1) : title;
        return List.of(component(group, artifact, version, licenses, location, file, hashes));
      }
    }
    if (versioned.matches()) {
      return List.of(
          component(
              null, versioned.group(1), versioned.group(2), licenses, location, file, hashes));
    }
    return List.of();
  }

  private Component component(
      String group,
      String artifact,
      String version,
      List<String> licenses,
      String location,
      FileEntry file,
      Map<String, String> hashes) {
    String purl =
        Purl.builder("maven", artifact).namespace(group).version(version).build().toString();
    return new Component(
        "library", artifact, version, purl, licenses, location, file.layer(), hashes, name());
  }

  /**
   * The OSGi {@code Bundle-License} header: comma-separated licences, each an SPDX id or a URL,
   * optionally followed by {@code ;description=…;link=…} attributes that are not part of it.
   */
  private static List<String> licenses(Attributes main) {
    String header = main.getValue("Bundle-License");
    if (header == null) {
      return List.of();
    }
    List<String> licenses = new ArrayList<>();
    for (String clause : header.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
      String license = trimmed(clause.split(";", 2)[0]);
      if (license != null && !licenses.contains(license)) {
        licenses.add(license);
      }
    }
    return licenses;
  }

  private static byte[] readBounded(InputStream in, String name) throws IOException {
    byte[] bytes = in.readNBytes(MAX_METADATA_BYTES + 1);
    if (bytes.length > MAX_METADATA_BYTES) {
      throw new IOException(name + " is larger than " + MAX_METADATA_BYTES + " bytes");
    }
    return bytes;
  }

  private static String trimmed(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }

  private static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every JDK", e);
    }
  }

  /** Lets a nested ZipInputStream close without closing its parent's stream. */
  private static final class NonClosingInputStream extends FilterInputStream {
    NonClosingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }

  /** Fails a read past {@code limit} bytes, so a zip bomb or a huge entry stops early. */
  private static final class BoundedInputStream extends FilterInputStream {
    private final long limit;
    private final String location;
    private long count;

    BoundedInputStream(InputStream in, long limit, String location) {
      super(in);
      this.limit = limit;
      this.location = location;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      counted(skipped);
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void counted(long n) throws IOException {
      count += n;
      if (count > limit) {
        throw new IOException(location + " is larger than " + limit + " bytes");
      }
    }
  }
}
