package dev.provenant.sbom.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.provenant.sbom.model.Component;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Catalogs the Go binaries installed on this machine and checks each against {@code go version -m};
 * skipped when there is no Go toolchain or no Go binary with module information.
 */
class GoCatalogerTest {

  private static final List<String> CANDIDATES =
      List.of(
          "/usr/local/bin/terraform",
          "/usr/local/bin/docker",
          "/usr/bin/skopeo",
          "/usr/bin/umoci",
          "/usr/bin/docker-registry",
          "/usr/local/go/bin/go",
          "/usr/bin/go");

  private final GoCataloger cataloger = new GoCataloger();

  @Test
  void findsTheMainModuleAndEveryDependencyThatGoVersionMLists() throws Exception {
    assumeTrue(!run("go", "version").isEmpty(), "no Go toolchain to compare with");
    int compared = 0;
    for (Path binary : binaries()) {
      Set<String> expected = goVersionM(binary);
      MapFileSystem files = new MapFileSystem().putFile("/usr/bin/" + binary.getFileName(), binary);

      List<Component> found = cataloger.catalog(files);

      Set<String> actual = new LinkedHashSet<>();
      found.forEach(c -> actual.add(c.name() + " " + c.version()));
      // Binaries built outside module mode (Debian's GOPATH builds) carry a path but no "mod".
      assertThat(actual).as(binary.toString()).isEqualTo(expected);
      if (!expected.isEmpty()) {
        compared++;
        assertThat(found.get(0).type()).isEqualTo("application");
        assertThat(found).allSatisfy(c -> assertThat(c.purl()).startsWith("pkg:golang/"));
      }
    }
    assumeTrue(compared > 0, "no Go binary with module information on this machine");
  }

  @Test
  void writesModulePathsAsNamespaceAndName() throws Exception {
    Path terraform = Path.of("/usr/local/bin/terraform");
    assumeTrue(Files.isRegularFile(terraform), "terraform is not installed");

    List<Component> found =
        cataloger.catalog(new MapFileSystem().putFile("/bin/terraform", terraform));

    assertThat(found.get(0).purl()).isEqualTo("pkg:golang/github.com/hashicorp/terraform");
    assertThat(found)
        .filteredOn(c -> c.name().equals("cloud.google.com/go"))
        .extracting(Component::purl)
        .singleElement()
        .asString()
        .startsWith("pkg:golang/cloud.google.com/go@v");
  }

  @Test
  void dismissesNonGoFilesAndTruncatedBinaries() throws Exception {
    List<Path> binaries = binaries();
    assumeTrue(!binaries.isEmpty(), "no Go binary on this machine");
    byte[] head;
    try (InputStream in = Files.newInputStream(binaries.get(0))) {
      head = in.readNBytes(256 << 10);
    }
    MapFileSystem files =
        new MapFileSystem()
            .putFile("/bin/ls", Path.of("/bin/ls").toRealPath())
            .put("/bin/truncated", head)
            .put("/etc/motd", "\u007fELF but not really".getBytes(StandardCharsets.ISO_8859_1));

    assertThat(cataloger.catalog(files)).isEmpty();
  }

  @Test
  void readsTheInlineBuildInfoLayout() {
    String modinfo =
        "0w\u00af\f\u0092t\b\u0002A\u00e1\u00c1\u0007\u00e6\u00d6\u0018\u00e6"
            + "path\texample.com/app\n"
            + "mod\texample.com/app\tv1.2.3\th1:x=\n"
            + "dep\tgolang.org/x/text\tv0.3.0\th1:y=\n"
            + "dep\texample.com/old\tv1.0.0\n"
            + "=>\texample.com/new\tv1.1.0\th1:z=\n"
            + "build\t-compiler=gc\n"
            + "\u00f92C1\u0086\u0018 r\u0000\u0082B\u0010A\u0016\u00d8\u00f2";
    byte[] strings = modinfo.getBytes(StandardCharsets.ISO_8859_1);
    byte[] header = new byte[32];
    System.arraycopy("\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1), 0, header, 0, 14);
    header[14] = 8;
    header[15] = 2;
    byte[] version = "go1.22.1".getBytes(StandardCharsets.ISO_8859_1);
    byte[] bytes = new byte[32 + 1 + version.length + 2 + strings.length];
    System.arraycopy(header, 0, bytes, 0, 32);
    bytes[32] = (byte) version.length;
    System.arraycopy(version, 0, bytes, 33, version.length);
    int at = 33 + version.length;
    bytes[at] = (byte) (0x80 | (strings.length & 0x7f));
    bytes[at + 1] = (byte) (strings.length >> 7);
    System.arraycopy(strings, 0, bytes, at + 2, strings.length);

    GoCataloger.BuildInfo info = GoCataloger.parse(bytes);

    assertThat(info.goVersion()).isEqualTo("go1.22.1");
    assertThat(info.main()).isEqualTo(new GoCataloger.Module("example.com/app", "v1.2.3"));
    assertThat(info.deps())
        .containsExactly(
            new GoCataloger.Module("golang.org/x/text", "v0.3.0"),
            new GoCataloger.Module("example.com/new", "v1.1.0"));
  }

  // ---- fixtures

  private static List<Path> binaries() throws IOException {
    List<Path> binaries = new ArrayList<>();
    for (String candidate : CANDIDATES) {
      Path path = Path.of(candidate);
      if (Files.isRegularFile(path)) {
        Path real = path.toRealPath();
        if (!binaries.contains(real)) {
          binaries.add(real);
        }
      }
    }
    return binaries;
  }

  /** "module version" for the main module and each dependency, replacements applied. */
  private static Set<String> goVersionM(Path binary) throws Exception {
    Set<String> modules = new LinkedHashSet<>();
    String last = null;
    try (Stream<String> lines = run("go", "version", "-m", binary.toString()).lines()) {
      for (String line : lines.toList()) {
        String[] fields = line.strip().split("\t");
        if (fields.length < 3) {
          continue;
        }
        switch (fields[0]) {
          case "mod", "dep" -> {
            last = fields[1] + " " + fields[2];
            modules.add(last);
          }
          case "=>" -> {
            modules.remove(last);
            modules.add(fields[1] + " " + fields[2]);
          }
          default -> {}
        }
      }
    }
    return modules;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException notInstalled) {
      return "";
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    return out;
  }
}
