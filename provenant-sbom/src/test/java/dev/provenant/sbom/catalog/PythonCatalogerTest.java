package dev.provenant.sbom.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.sbom.model.Component;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Catalogs this machine's real site-packages and checks it against {@code pip list}. */
class PythonCatalogerTest {

  private final PythonCataloger cataloger = new PythonCataloger();

  @Test
  void findsEveryDistributionThatPipListsInSitePackages() throws Exception {
    String purelibText =
        run("python3", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip();
    assumeTrue(!purelibText.isEmpty(), "no python3 on this machine");
    Path purelib = Path.of(purelibText).toRealPath();
    // Only the distributions installed at the top of site-packages: what pip lists. (Copies
    // vendored deeper, pip/_vendor/…, are found by the cataloger too but pip does not list them.)
    MapFileSystem files =
        new MapFileSystem()
            .putTree(
                "/usr/lib/python3/site-packages",
                purelib,
                file ->
                    (file.getNameCount() == purelib.getNameCount() + 2
                            && (file.getFileName().toString().equals("METADATA")
                                || file.getFileName().toString().equals("PKG-INFO")))
                        || (file.getNameCount() == purelib.getNameCount() + 1
                            && file.getFileName().toString().endsWith(".egg-info")));

    List<Component> found = cataloger.catalog(files);

    Set<String> pip = new TreeSet<>();
    JsonNode listed =
        new ObjectMapper()
            .readTree(
                run(
                    "python3",
                    "-m",
                    "pip",
                    "list",
                    "-v",
                    "--format=json",
                    "--disable-pip-version-check"));
    for (JsonNode distribution : listed) {
      if (Path.of(distribution.path("location").asText()).toRealPath().equals(purelib)) {
        pip.add(
            PythonCataloger.normalise(distribution.path("name").asText())
                + "@"
                + distribution.path("version").asText());
      }
    }
    Set<String> catalogued = new TreeSet<>();
    found.forEach(c -> catalogued.add(PythonCataloger.normalise(c.name()) + "@" + c.version()));
    assertThat(pip).isNotEmpty();
    assertThat(catalogued).isEqualTo(pip);
    assertThat(found)
        .allSatisfy(
            c -> {
              assertThat(c.purl())
                  .isEqualTo("pkg:pypi/" + PythonCataloger.normalise(c.name()) + "@" + c.version());
              assertThat(c.foundBy()).isEqualTo("python");
            });
  }

  @ParameterizedTest
  @CsvSource({
    "Flask_Cors, flask-cors",
    "zope.interface, zope-interface",
    "Jinja2, jinja2",
    "a__-.b, a-b",
  })
  void normalisesNamesAsPep503Says(String name, String normalised) {
    assertThat(PythonCataloger.normalise(name)).isEqualTo(normalised);
  }

  @Test
  void prefersTheLicenseExpressionThenTheLicenseFieldAndClassifiers() throws Exception {
    MapFileSystem files =
        new MapFileSystem()
            .put(
                "/sp/attrs-26.1.0.dist-info/METADATA",
                "Metadata-Version: 2.4\nName: attrs\nVersion: 26.1.0\nLicense-Expression: MIT\n"
                    + "Classifier: License :: OSI Approved :: MIT License\n\nattrs\n")
            .put(
                "/sp/certifi-2026.5.20.dist-info/METADATA",
                "Metadata-Version: 2.1\nName: certifi\nVersion: 2026.5.20\nLicense: MPL-2.0\n"
                    + "Classifier: License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)\n")
            .put(
                "/sp/Old_Thing.egg-info/PKG-INFO",
                "Metadata-Version: 1.1\nName: Old_Thing\nVersion: 0.3\nLicense: Copyright (c) 1999\n"
                    + "        Permission is hereby granted, free of charge, to any person\n"
                    + "Classifier: License :: Public Domain\n");

    assertThat(cataloger.catalog(files))
        .extracting(Component::purl, Component::licenses)
        .containsExactlyInAnyOrder(
            tuple("pkg:pypi/attrs@26.1.0", List.of("MIT")),
            tuple(
                "pkg:pypi/certifi@2026.5.20",
                List.of("MPL-2.0", "Mozilla Public License 2.0 (MPL 2.0)")),
            tuple("pkg:pypi/old-thing@0.3", List.of("Public Domain")));
  }

  @Test
  void skipsMetadataWithoutAVersionAndStillFindsTheRest() throws Exception {
    MapFileSystem files =
        new MapFileSystem()
            .put("/sp/broken-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: broken\n\n")
            .put("/sp/empty-1.0.dist-info/METADATA", "")
            .put(
                "/sp/idna-3.13.dist-info/METADATA",
                "Metadata-Version: 2.1\nName: idna\nVersion: 3.13\n");

    assertThat(cataloger.catalog(files))
        .extracting(Component::purl)
        .containsExactly("pkg:pypi/idna@3.13");
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
