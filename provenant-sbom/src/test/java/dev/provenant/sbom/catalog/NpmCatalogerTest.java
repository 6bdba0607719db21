package dev.provenant.sbom.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.sbom.model.Component;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Catalogs a real {@code npm install} (lodash 4.17.20 and @sigstore/core, cached under {@code
 * ~/.cache/provenant-test/npm-fixture}) and checks it against {@code npm ls --all}.
 */
class NpmCatalogerTest {

  private static final Path FIXTURE =
      Path.of(System.getProperty("user.home"), ".cache", "provenant-test", "npm-fixture");

  private final NpmCataloger cataloger = new NpmCataloger();

  @BeforeAll
  static void installOnce() throws Exception {
    if (Files.isRegularFile(FIXTURE.resolve("node_modules/lodash/package.json"))
        && Files.isRegularFile(FIXTURE.resolve("node_modules/@sigstore/core/package.json"))) {
      return;
    }
    Files.createDirectories(FIXTURE);
    String out =
        run(
            "npm",
            "install",
            "--prefix",
            FIXTURE.toString(),
            "--no-audit",
            "--no-fund",
            "lodash@4.17.20",
            "@sigstore/core");
    assumeTrue(
        Files.isRegularFile(FIXTURE.resolve("node_modules/lodash/package.json")),
        "npm install failed: " + out);
  }

  @Test
  void findsEveryPackageThatNpmLsLists() throws Exception {
    MapFileSystem files =
        new MapFileSystem().putTree("/app", FIXTURE, NpmCatalogerTest::isMetadata);

    List<Component> found = cataloger.catalog(files);

    assertThat(nameAtVersion(found)).isEqualTo(npmLs()).contains("lodash@4.17.20");
    Component sigstore =
        found.stream().filter(c -> c.name().equals("@sigstore/core")).findFirst().orElseThrow();
    assertThat(sigstore.purl()).isEqualTo("pkg:npm/%40sigstore/core@" + sigstore.version());
    assertThat(sigstore.location()).isEqualTo("/app/node_modules/@sigstore/core/package.json");
    assertThat(sigstore.licenses()).containsExactly("Apache-2.0");
    assertThat(found)
        .filteredOn(c -> c.name().equals("lodash"))
        .extracting(Component::purl, Component::licenses)
        .containsExactly(tuple("pkg:npm/lodash@4.17.20", List.of("MIT")));
  }

  @Test
  void readsTheLockfileWhenNothingIsInstalledBesideIt() throws Exception {
    MapFileSystem files =
        new MapFileSystem()
            .putFile("/app/package-lock.json", FIXTURE.resolve("package-lock.json"))
            .putFile("/app/package.json", FIXTURE.resolve("package.json"));

    List<Component> found = cataloger.catalog(files);

    assertThat(nameAtVersion(found)).isEqualTo(npmLs());
    assertThat(found).extracting(Component::location).containsOnly("/app/package-lock.json");
  }

  @Test
  void prefersTheInstalledCopyOverTheLockfileEntry() throws Exception {
    MapFileSystem files =
        new MapFileSystem().putTree("/app", FIXTURE, NpmCatalogerTest::isMetadata);

    assertThat(cataloger.catalog(files))
        .extracting(Component::location)
        .noneMatch(location -> location.endsWith("package-lock.json"));
  }

  @Test
  void readsLicenceObjectsAndTheLegacyLicensesArray() throws Exception {
    MapFileSystem files =
        new MapFileSystem()
            .put(
                "/n/node_modules/old/package.json",
                "{\"name\":\"old\",\"version\":\"0.1.0\",\"license\":{\"type\":\"BSD-3-Clause\"}}")
            .put(
                "/n/node_modules/older/package.json",
                "{\"name\":\"older\",\"version\":\"0.0.9\",\"licenses\":"
                    + "[{\"type\":\"MIT\",\"url\":\"x\"},\"Apache-2.0\"]}")
            .put(
                "/n/node_modules/older/lib/package.json",
                "{\"name\":\"not-a-package\",\"version\":\"1.0.0\"}");

    assertThat(cataloger.catalog(files))
        .extracting(Component::name, Component::licenses)
        .containsExactlyInAnyOrder(
            tuple("old", List.of("BSD-3-Clause")), tuple("older", List.of("MIT", "Apache-2.0")));
  }

  @Test
  void skipsAPackageJsonThatIsNotJsonAndStillFindsTheRest() throws Exception {
    MapFileSystem files =
        new MapFileSystem()
            .put("/n/node_modules/broken/package.json", "{\"name\": \"broken\", \"version\": ")
            .put("/n/node_modules/nameless/package.json", "{\"version\": \"1.0.0\"}")
            .putFile(
                "/n/node_modules/lodash/package.json",
                FIXTURE.resolve("node_modules/lodash/package.json"));

    assertThat(cataloger.catalog(files))
        .extracting(Component::purl)
        .containsExactly("pkg:npm/lodash@4.17.20");
  }

  // ---- fixtures

  private static boolean isMetadata(Path file) {
    String name = file.getFileName().toString();
    return name.equals("package.json") || name.equals("package-lock.json");
  }

  private static Set<String> nameAtVersion(List<Component> found) {
    Set<String> set = new TreeSet<>();
    found.forEach(c -> set.add(c.name() + "@" + c.version()));
    return set;
  }

  /** Every package in {@code npm ls --all --json}, flattened. */
  private static Set<String> npmLs() throws Exception {
    String out = run("npm", "ls", "--all", "--json", "--prefix", FIXTURE.toString());
    JsonNode tree = new ObjectMapper().readTree(out.substring(out.indexOf('{')));
    Set<String> set = new TreeSet<>();
    collect(tree.path("dependencies"), set);
    assertThat(set).isNotEmpty();
    return set;
  }

  private static void collect(JsonNode dependencies, Set<String> set) {
    for (Map.Entry<String, JsonNode> dependency : dependencies.properties()) {
      set.add(dependency.getKey() + "@" + dependency.getValue().path("version").asText());
      collect(dependency.getValue().path("dependencies"), set);
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    return out;
  }
}
