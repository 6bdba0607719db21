package dev.provenant.sbom.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.provenant.sbom.model.Component;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Catalogs real jars from the local Maven repository (the versions this build depends on), and
 * archives built here that nest them.
 */
class JavaArchiveCatalogerTest {

  private static final Path M2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
  private static final Path JACKSON_DATABIND =
      m2("com.fasterxml.jackson.core", "jackson-databind", "2.22.4");
  private static final Path BCPROV = m2("org.bouncycastle", "bcprov-jdk18on", "1.86");
  private static final Path PICOCLI = m2("info.picocli", "picocli", "4.7.7");

  private final JavaArchiveCataloger cataloger = new JavaArchiveCataloger();

  @Test
  void identifiesRealJarsByTheirPomPropertiesAndHashesTheFile() throws Exception {
    Optional<Path> guava = newestGuava();
    MapFileSystem files =
        new MapFileSystem().putFile("/app/lib/jackson-databind-2.22.4.jar", JACKSON_DATABIND);
    guava.ifPresent(jar -> files.putFile("/app/lib/" + jar.getFileName(), jar));

    List<Component> found = cataloger.catalog(files);

    Component jackson = only(found, "jackson-databind");
    assertThat(jackson.purl())
        .isEqualTo("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.22.4");
    assertThat(jackson.version()).isEqualTo("2.22.4");
    assertThat(jackson.location()).isEqualTo("/app/lib/jackson-databind-2.22.4.jar");
    assertThat(jackson.licenses())
        .containsExactly("https://www.apache.org/licenses/LICENSE-2.0.txt");
    assertThat(jackson.foundBy()).isEqualTo("java-archive");
    assertThat(jackson.hashes())
        .containsEntry("SHA-1", sum("sha1sum", JACKSON_DATABIND))
        .containsEntry("SHA-256", sum("sha256sum", JACKSON_DATABIND));
    if (guava.isPresent()) {
      // The repository layout, .../guava/<version>/guava-<version>.jar, is the oracle.
      String version = guava.get().getParent().getFileName().toString();
      assertThat(only(found, "guava").purl())
          .isEqualTo("pkg:maven/com.google.guava/guava@" + version);
    }
  }

  @Test
  void identifiesAJarWithOnlyAManifestByItsBundleHeadersAndFileName() throws Exception {
    MapFileSystem files =
        new MapFileSystem()
            .putFile("/lib/bcprov-jdk18on-1.86.jar", BCPROV)
            .putFile("/lib/picocli-4.7.7.jar", PICOCLI);

    List<Component> found = cataloger.catalog(files);

    // bcprov's manifest names the bundle "bcprov"; the file name carries the real artifact id.
    assertThat(found)
        .extracting(Component::name, Component::version, Component::purl)
        .containsExactlyInAnyOrder(
            tuple("bcprov-jdk18on", "1.86", "pkg:maven/bcprov-jdk18on@1.86"),
            tuple("picocli", "4.7.7", "pkg:maven/picocli@4.7.7"));
    assertThat(only(found, "bcprov-jdk18on").hashes())
        .containsEntry("SHA-256", sum("sha256sum", BCPROV));
  }

  @Test
  void findsRealJarsNestedInAWarAndASpringBootJar() throws Exception {
    byte[] war =
        zip(
            entry("WEB-INF/web.xml", "<web-app/>".getBytes(StandardCharsets.UTF_8), false),
            entry(
                "WEB-INF/lib/jackson-databind-2.22.4.jar",
                Files.readAllBytes(JACKSON_DATABIND),
                false),
            entry("WEB-INF/lib/picocli-4.7.7.jar", Files.readAllBytes(PICOCLI), false));
    // Spring Boot stores nested jars uncompressed so that they can be mapped in place.
    byte[] boot =
        zip(
            entry(
                "META-INF/maven/com.example/shop/pom.properties",
                pom("com.example", "shop", "3.0.1"),
                false),
            entry(
                "BOOT-INF/lib/jackson-databind-2.22.4.jar",
                Files.readAllBytes(JACKSON_DATABIND),
                true),
            entry("BOOT-INF/lib/bcprov-jdk18on-1.86.jar", Files.readAllBytes(BCPROV), true));
    MapFileSystem files = new MapFileSystem().put("/srv/shop.war", war).put("/srv/shop.jar", boot);

    List<Component> found = cataloger.catalog(files);

    assertThat(found)
        .extracting(Component::purl, Component::location)
        .containsExactlyInAnyOrder(
            tuple(
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.22.4",
                "/srv/shop.war!/WEB-INF/lib/jackson-databind-2.22.4.jar"),
            tuple("pkg:maven/picocli@4.7.7", "/srv/shop.war!/WEB-INF/lib/picocli-4.7.7.jar"),
            tuple(
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.22.4",
                "/srv/shop.jar!/BOOT-INF/lib/jackson-databind-2.22.4.jar"),
            tuple(
                "pkg:maven/bcprov-jdk18on@1.86",
                "/srv/shop.jar!/BOOT-INF/lib/bcprov-jdk18on-1.86.jar"),
            tuple("pkg:maven/com.example/shop@3.0.1", "/srv/shop.jar"));
    // A nested jar's hashes are those of its bytes, the same as the file in the repository.
    assertThat(found)
        .filteredOn(c -> c.location().endsWith("!/BOOT-INF/lib/jackson-databind-2.22.4.jar"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.hashes())
                    .containsEntry("SHA-256", sum("sha256sum", JACKSON_DATABIND)));
    assertThat(only(found, "shop").hashes()).containsEntry("SHA-256", sha256Of(boot));
  }

  @Test
  void stopsDescendingAtTheConfiguredDepth() throws Exception {
    byte[] war =
        zip(
            entry(
                "WEB-INF/lib/jackson-databind-2.22.4.jar",
                Files.readAllBytes(JACKSON_DATABIND),
                false));
    MapFileSystem files = new MapFileSystem().put("/srv/app-1.0.war", war);

    assertThat(new JavaArchiveCataloger(1, 1L << 30).catalog(files))
        .extracting(Component::purl)
        .containsExactly("pkg:maven/app@1.0");
  }

  @Test
  void reportsEveryPomPropertiesOfAShadedJar() throws Exception {
    byte[] shaded =
        zip(
            entry(
                "META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8),
                false),
            entry(
                "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties",
                pom("org.apache.logging.log4j", "log4j-core", "2.14.1"),
                false),
            entry(
                "META-INF/maven/org.apache.logging.log4j/log4j-api/pom.properties",
                pom("org.apache.logging.log4j", "log4j-api", "2.14.1"),
                false));

    List<Component> found = cataloger.catalog(new MapFileSystem().put("/opt/tool-all.jar", shaded));

    assertThat(found)
        .extracting(Component::purl)
        .containsExactlyInAnyOrder(
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
            "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1");
  }

  @Test
  void fallsBackToTheFileNameWithoutMetadata() throws Exception {
    byte[] bare = zip(entry("a/B.class", new byte[] {(byte) 0xca, (byte) 0xfe}, false));

    List<Component> found =
        cataloger.catalog(new MapFileSystem().put("/x/commons-util-1.2.3-beta.jar", bare));

    assertThat(found)
        .extracting(Component::name, Component::version, Component::purl)
        .containsExactly(tuple("commons-util", "1.2.3-beta", "pkg:maven/commons-util@1.2.3-beta"));
  }

  @Test
  void skipsATruncatedJarAndStillFindsTheOthers() throws Exception {
    byte[] real = Files.readAllBytes(JACKSON_DATABIND);
    MapFileSystem files =
        new MapFileSystem()
            .put("/lib/broken-1.0.jar", Arrays.copyOf(real, real.length / 3))
            .put("/lib/not-a-zip-2.0.jar", "hello".getBytes(StandardCharsets.UTF_8))
            .putFile("/lib/picocli-4.7.7.jar", PICOCLI);

    assertThat(cataloger.catalog(files))
        .extracting(Component::purl)
        .containsExactly("pkg:maven/picocli@4.7.7");
  }

  // ---- fixtures

  private static Path m2(String group, String artifact, String version) {
    Path jar =
        M2.resolve(group.replace('.', '/'))
            .resolve(artifact)
            .resolve(version)
            .resolve(artifact + "-" + version + ".jar");
    return jar;
  }

  private static Optional<Path> newestGuava() throws IOException {
    Path guava = M2.resolve("com/google/guava/guava");
    if (!Files.isDirectory(guava)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(guava)) {
      return versions
          .map(dir -> dir.resolve("guava-" + dir.getFileName() + ".jar"))
          .filter(Files::isRegularFile)
          .max(Comparator.comparing(Path::toString));
    }
  }

  private static Component only(List<Component> found, String name) {
    List<Component> named = found.stream().filter(c -> c.name().equals(name)).toList();
    assertThat(named).as("components named %s in %s", name, found).hasSize(1);
    return named.get(0);
  }

  private static String sum(String tool, Path file) {
    assumeTrue(Files.isRegularFile(file), file + " is not in the local Maven repository");
    try {
      Process process = new ProcessBuilder(tool, file.toString()).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return out.split("\\s+")[0];
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(tool + " failed", e);
    }
  }

  private static String sha256Of(byte[] bytes) throws Exception {
    Path temp = Files.createTempFile("provenant-jar", ".bin");
    try {
      Files.write(temp, bytes);
      return sum("sha256sum", temp);
    } finally {
      Files.delete(temp);
    }
  }

  private static byte[] pom(String group, String artifact, String version) {
    return ("#Generated by Maven\ngroupId="
            + group
            + "\nartifactId="
            + artifact
            + "\nversion="
            + version
            + "\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private record Entry(String name, byte[] content, boolean stored) {}

  private static Entry entry(String name, byte[] content, boolean stored) {
    return new Entry(name, content, stored);
  }

  private static byte[] zip(Entry... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Entry entry : entries) {
        ZipEntry zipEntry = new ZipEntry(entry.name());
        if (entry.stored()) {
          CRC32 crc = new CRC32();
          crc.update(entry.content());
          zipEntry.setMethod(ZipEntry.STORED);
          zipEntry.setSize(entry.content().length);
          zipEntry.setCompressedSize(entry.content().length);
          zipEntry.setCrc(crc.getValue());
        }
        zip.putNextEntry(zipEntry);
        zip.write(entry.content());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
