package dev.provenant.sbom.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.provenant.sbom.SbomGenerator;
import dev.provenant.sbom.model.Component;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds tiny packages with the real {@code rpmbuild}, installs them into a fresh SQLite rpm
 * database with the real {@code rpm --justdb}, and checks the cataloger against {@code rpm -qa};
 * skipped when rpm's tools are not installed ({@code run-tests} installs Debian's {@code rpm}).
 */
class RpmCatalogerTest {

  private static final String OS_RELEASE = "NAME=\"Fedora Linux\"\nID=fedora\nVERSION_ID=40\n";
  private static final int SUBPACKAGES = 12;

  @TempDir static Path work;
  private static Path database;

  private final RpmCataloger cataloger = new RpmCataloger();

  @BeforeAll
  static void buildTheDatabase() throws Exception {
    assumeTrue(
        run(work, "rpmbuild", "--version").exit() == 0 && run(work, "rpm", "--version").exit() == 0,
        "rpm and rpmbuild are not installed (apt-get install -y rpm)");
    // A description longer than a 4 KiB page makes every header blob spill into overflow pages,
    // and a dozen such rows need more than one leaf page, so the Packages b-tree gets an
    // interior root.
    String description = "A package for the Provenant rpm cataloger test. ".repeat(200);
    StringBuilder a = new StringBuilder();
    a.append(
        """
        Name: provenant-test-a
        Epoch: 2
        Version: 1.2.3
        Release: 4
        Summary: Provenant rpm test package a
        License: MIT
        BuildArch: noarch
        %description
        """);
    a.append(description).append("\n%files\n");
    for (int i = 0; i < SUBPACKAGES; i++) {
      a.append("%package -n provenant-test-a-sub")
          .append(i)
          .append("\nSummary: sub ")
          .append(i)
          .append("\nLicense: GPL-2.0-or-later\n%description -n provenant-test-a-sub")
          .append(i)
          .append('\n')
          .append(description)
          .append("\n%files -n provenant-test-a-sub")
          .append(i)
          .append('\n');
    }
    String b =
        """
        Name: provenant-test-b
        Version: 0.9
        Release: 1.fc40
        Summary: Provenant rpm test package b
        License: Apache-2.0 AND MIT
        Vendor: Provenant Test Vendor
        BuildArch: noarch
        %description
        No epoch, a dist release and a compound licence.
        %files
        """;
    Files.writeString(work.resolve("a.spec"), a);
    Files.writeString(work.resolve("b.spec"), b);
    for (String spec : List.of("a.spec", "b.spec")) {
      Result built =
          run(work, "rpmbuild", "-bb", "--define", "_topdir " + work.resolve("top"), spec);
      assertThat(built.exit()).as("rpmbuild %s: %s", spec, built.output()).isZero();
    }
    List<String> rpms;
    try (Stream<Path> walk = Files.walk(work.resolve("top/RPMS"))) {
      rpms = walk.map(Path::toString).filter(p -> p.endsWith(".rpm")).sorted().toList();
    }
    assertThat(rpms).hasSize(SUBPACKAGES + 2);

    Path dbpath = work.resolve("root/var/lib/rpm");
    Files.createDirectories(dbpath);
    Result init = run(work, "rpm", "--dbpath", dbpath.toString(), "--initdb");
    assertThat(init.exit()).as("rpm --initdb: %s", init.output()).isZero();
    List<String> install = new ArrayList<>();
    install.addAll(
        List.of(
            "rpm",
            "--dbpath",
            dbpath.toString(),
            "-i",
            "--justdb",
            "--nodeps",
            "--ignorearch",
            "--ignoreos"));
    install.addAll(rpms);
    Result installed = run(work, install.toArray(String[]::new));
    assertThat(installed.exit()).as("rpm -i: %s", installed.output()).isZero();
    database = dbpath.resolve("rpmdb.sqlite");
    byte[] head = Arrays.copyOf(Files.readAllBytes(database), 16);
    assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3\0");
  }

  @Test
  void findsExactlyWhatRpmQueryAllLists() throws Exception {
    Result query =
        run(
            work,
            "rpm",
            "--dbpath",
            database.getParent().toString(),
            "-qa",
            "--qf",
            "%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE} %{ARCH} %{LICENSE}\\n");
    assertThat(query.exit()).as(query.output()).isZero();
    List<String> expected = query.output().lines().sorted().toList();
    assertThat(expected).hasSize(SUBPACKAGES + 2);

    List<String> actual =
        RpmCataloger.headers(Files.readAllBytes(database)).stream()
            .map(
                h ->
                    String.join(
                        " ",
                        h.name(),
                        String.valueOf(h.epoch() == null ? 0 : h.epoch()),
                        h.version(),
                        h.release(),
                        h.arch(),
                        h.license()))
            .sorted()
            .toList();

    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void writesRpmPurlsWithTheDistroAndEpoch() throws Exception {
    MapFileSystem files =
        new MapFileSystem()
            .put("/etc/os-release", OS_RELEASE)
            .putFile("/var/lib/rpm/rpmdb.sqlite", database);

    List<Component> found = cataloger.catalog(files);

    assertThat(found).hasSize(SUBPACKAGES + 2);
    assertThat(found)
        .filteredOn(c -> c.name().equals("provenant-test-a"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.purl())
                  .isEqualTo(
                      "pkg:rpm/fedora/provenant-test-a@1.2.3-4"
                          + "?arch=noarch&distro=fedora-40&epoch=2");
              assertThat(c.version()).isEqualTo("2:1.2.3-4");
              assertThat(c.licenses()).containsExactly("MIT");
              assertThat(c.foundBy()).isEqualTo("rpm");
              assertThat(c.location()).isEqualTo("/var/lib/rpm/rpmdb.sqlite");
            });
    assertThat(found)
        .filteredOn(c -> c.name().equals("provenant-test-b"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.purl())
                  .isEqualTo(
                      "pkg:rpm/fedora/provenant-test-b@0.9-1.fc40?arch=noarch&distro=fedora-40");
              assertThat(c.version()).isEqualTo("0.9-1.fc40");
              assertThat(c.licenses()).containsExactly("Apache-2.0 AND MIT");
            });
    assertThat(RpmCataloger.headers(Files.readAllBytes(database)))
        .filteredOn(h -> h.name().equals("provenant-test-b"))
        .singleElement()
        .extracting(RpmCataloger.Header::vendor)
        .isEqualTo("Provenant Test Vendor");
  }

  @Test
  void readsAnInteriorRootAndOverflowPages() throws Exception {
    byte[] bytes = Files.readAllBytes(database);
    SqliteTable sqlite = SqliteTable.open(bytes);
    int root = sqlite.rootPage("Packages");
    int pageSize = ((bytes[16] & 0xff) << 8) | (bytes[17] & 0xff);

    assertThat(root).isGreaterThan(1);
    assertThat(bytes[(root - 1) * pageSize]).as("interior table page").isEqualTo((byte) 0x05);
    List<Integer> blobSizes = new ArrayList<>();
    sqlite.rows(
        root,
        row -> {
          assertThat(row.get(0)).as("hnum, the INTEGER PRIMARY KEY, is the rowid").isNull();
          blobSizes.add(((byte[]) row.get(1)).length);
        });
    assertThat(blobSizes).hasSize(SUBPACKAGES + 2).anyMatch(size -> size > 2 * pageSize);
  }

  @Test
  void findsTheDatabaseUnderUsrLibSysimage() throws Exception {
    MapFileSystem files =
        new MapFileSystem()
            .put("/etc/os-release", OS_RELEASE)
            .putFile("/usr/lib/sysimage/rpm/rpmdb.sqlite", database);

    assertThat(cataloger.catalog(files))
        .hasSize(SUBPACKAGES + 2)
        .allSatisfy(c -> assertThat(c.location()).isEqualTo("/usr/lib/sysimage/rpm/rpmdb.sqlite"));
  }

  @Test
  void isOneOfTheDefaultCatalogers() throws Exception {
    MapFileSystem files =
        new MapFileSystem()
            .put("/etc/os-release", OS_RELEASE)
            .putFile("/usr/lib/sysimage/rpm/rpmdb.sqlite", database);

    assertThat(SbomGenerator.withDefaults().generate(files))
        .filteredOn(c -> c.foundBy().equals("rpm"))
        .hasSize(SUBPACKAGES + 2);
  }

  @Test
  void aTruncatedOrForeignDatabaseGivesNoComponents() throws Exception {
    byte[] bytes = Files.readAllBytes(database);
    for (byte[] broken :
        List.of(
            Arrays.copyOf(bytes, bytes.length / 2),
            Arrays.copyOf(bytes, 8192),
            Arrays.copyOf(bytes, bytes.length - 100),
            Arrays.copyOf(bytes, 100),
            new byte[0],
            "not a database at all\n".repeat(100).getBytes(StandardCharsets.UTF_8))) {
      MapFileSystem files =
          new MapFileSystem()
              .put("/etc/os-release", OS_RELEASE)
              .put("/var/lib/rpm/rpmdb.sqlite", broken);

      assertThat(cataloger.catalog(files)).as("%d bytes", broken.length).isEmpty();
    }
  }

  @Test
  void survivesCorruptedPagesAndHeaders() throws Exception {
    byte[] original = Files.readAllBytes(database);
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      byte[] bytes = original.clone();
      int flips = 1 + random.nextInt(64);
      for (int i = 0; i < flips; i++) {
        // Keep the 100-byte file header mostly intact so the damage reaches the b-trees.
        bytes[100 + random.nextInt(bytes.length - 100)] = (byte) random.nextInt(256);
      }
      assertThatCode(() -> RpmCataloger.headers(bytes))
          .as("seed %d", seed)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void rejectsHeaderBlobsThatDoNotHoldTogether() {
    assertThat(RpmCataloger.parse(new byte[0])).isEmpty();
    assertThat(RpmCataloger.parse(new byte[] {0x7f, -1, -1, -1, 0, 0, 0, 0})).isEmpty();
    // One entry claiming a NAME string at an offset past the data store.
    byte[] blob = new byte[8 + 16 + 4];
    blob[3] = 1;
    blob[7] = 4;
    blob[8 + 2] = 0x03;
    blob[8 + 3] = (byte) 0xe8;
    blob[8 + 7] = 6;
    blob[8 + 11] = 9;
    blob[8 + 15] = 1;
    assertThat(RpmCataloger.parse(blob)).isEmpty();
  }

  // ---- fixtures

  private record Result(int exit, String output) {}

  private static Result run(Path directory, String... command)
      throws IOException, InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException notInstalled) {
      return new Result(-1, notInstalled.getMessage());
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    return new Result(process.exitValue(), out);
  }
}
