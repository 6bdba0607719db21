package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.oci.testing.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code provenant sbom} on an image of real packages, built and cached by {@code
 * bench/sbom-fixture.sh}: a Debian bookworm minbase root file system from debootstrap, jars from
 * the local Maven repository and an npm tree, with one jar and one npm package deleted by a later
 * layer. The oracles are dpkg-query on the image's own dpkg database, the ~/.m2 coordinates of the
 * jars, and {@code npm ls} of the tree.
 *
 * <p>The first build needs root (debootstrap) and the network and takes about a minute; cached, the
 * test takes a few seconds.
 */
class SbomDebianImageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path image;

  @BeforeAll
  static void buildImage() throws Exception {
    Path cache =
        Path.of(System.getProperty("user.home"), ".cache/provenant-test/debian-minbase.tar");
    assumeTrue(
        Files.exists(cache) || ProcessHandle.current().info().user().orElse("").equals("root"),
        "debootstrap needs root to build the Debian test image the first time");
    Path script = ProjectRoot.path().resolve("bench/sbom-fixture.sh");
    image = Path.of(ExternalTools.run(List.of(script.toString())).strip()).resolve("sbom-image");
  }

  private static JsonNode sbom(String source) throws Exception {
    CliResult result = CliResult.run("sbom", source);
    assertThat(result.exitCode()).as(result.err()).isZero();
    return JSON.readTree(result.out());
  }

  /** The purls of one type without qualifiers: {@code pkg:npm/ms@2.0.0}. */
  private static TreeSet<String> purls(JsonNode root, String type) {
    TreeSet<String> purls = new TreeSet<>();
    for (JsonNode component : root.path("components")) {
      String purl = component.path("purl").asText();
      if (purl.startsWith("pkg:" + type + "/")) {
        purls.add(purl.contains("?") ? purl.substring(0, purl.indexOf('?')) : purl);
      }
    }
    return purls;
  }

  private static List<String> debs(JsonNode root) {
    List<String> debs = new ArrayList<>();
    for (JsonNode component : root.path("components")) {
      if (component.path("purl").asText().startsWith("pkg:deb/debian/")) {
        debs.add(component.path("name").asText() + " " + component.path("version").asText());
      }
    }
    return debs;
  }

  private static List<String> lines(String file) throws Exception {
    return Files.readAllLines(image.resolve(file)).stream().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void dpkgPackagesAreExactlyThoseDpkgQueryListsInTheImage() throws Exception {
    JsonNode root = sbom("oci:" + image.resolve("layout") + ":v1");

    String out =
        ExternalTools.run(
            List.of(
                "dpkg-query",
                "--admindir=" + image.resolve("admindir"),
                "-W",
                "-f=${db:Status-Abbrev}\\t${binary:Package}\\t${Version}\\n"));
    List<String> expected = new ArrayList<>();
    for (String line : out.split("\n")) {
      String[] fields = line.split("\t");
      if (fields.length == 3 && fields[0].strip().equals("ii")) {
        // binary:Package is libc6:amd64 for Multi-Arch: same packages; the component is libc6.
        expected.add(fields[1].replaceFirst(":.*", "") + " " + fields[2]);
      }
    }
    assertThat(expected).hasSizeGreaterThan(80);
    assertThat(debs(root)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void jarsAndNpmPackagesAreListedAndTheDeletedOnesAreNot() throws Exception {
    JsonNode root = sbom("oci:" + image.resolve("layout") + ":v1");

    assertThat(purls(root, "maven"))
        .containsExactlyInAnyOrderElementsOf(lines("expected-maven.txt"));
    List<String> npm = lines("expected-npm.txt").stream().map(p -> "pkg:npm/" + p).toList();
    assertThat(npm).hasSizeGreaterThan(60);
    assertThat(purls(root, "npm")).containsExactlyInAnyOrderElementsOf(npm);
    List<String> deleted = lines("deleted.txt").stream().map(l -> l.split(" ")[0]).toList();
    assertThat(deleted).hasSize(2);
    assertThat(purls(root, "maven")).doesNotContainAnyElementsOf(deleted);
    assertThat(purls(root, "npm")).doesNotContainAnyElementsOf(deleted);
  }

  @Test
  void dockerArchiveOfTheSameImageGivesTheSameComponents() throws Exception {
    JsonNode layout = sbom("oci:" + image.resolve("layout") + ":v1");
    JsonNode archive = sbom("docker-archive:" + image.resolve("image.docker.tar"));

    List<String> fromLayout = new ArrayList<>();
    layout.path("components").forEach(c -> fromLayout.add(c.path("purl").asText()));
    List<String> fromArchive = new ArrayList<>();
    archive.path("components").forEach(c -> fromArchive.add(c.path("purl").asText()));
    assertThat(fromArchive).isEqualTo(fromLayout).hasSizeGreaterThan(150);
  }
}
