package dev.provenant.sbom.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.oci.location.ImageLocation;
import dev.provenant.oci.location.ImageOpener;
import dev.provenant.oci.location.OpenedImage;
import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.sbom.SbomGenerator;
import dev.provenant.sbom.fs.ImageFileSystem;
import dev.provenant.sbom.model.Component;
import dev.provenant.sbom.testing.SbomTestImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dpkg and apk catalogers on a umoci image holding this machine's dpkg database. */
class ImageCatalogTest {
  @TempDir static Path dir;
  static SbomTestImages.Image image;
  static List<Component> components;

  @BeforeAll
  static void catalog() throws Exception {
    image = SbomTestImages.build(dir);
    try (OpenedImage opened =
        new ImageOpener(RegistryOptions.defaults()).open(ImageLocation.parse(image.location()))) {
      components = SbomGenerator.withDefaults().generate(ImageFileSystem.open(opened, null));
    }
  }

  private static List<Component> foundBy(String cataloger) {
    return components.stream().filter(c -> c.foundBy().equals(cataloger)).toList();
  }

  @Test
  void dpkgFindsEveryPackageDpkgQueryReportsInstalledWithItsVersion() throws Exception {
    Map<String, String> expected = SbomTestImages.installedPackages();

    Map<String, String> found =
        foundBy("dpkg").stream()
            .collect(Collectors.toMap(Component::name, Component::version, (a, b) -> a));

    assertThat(found).isEqualTo(expected);
    assertThat(foundBy("dpkg")).hasSize(expected.size());
  }

  @Test
  void dpkgPurlsCarryDistroArchAndEncodedVersion() {
    OsRelease os = OsRelease.parse(readOsRelease());
    Component any = foundBy("dpkg").get(0);
    String arch = any.purl().substring(any.purl().indexOf("arch=") + 5).split("&")[0];

    assertThat(any.purl())
        .startsWith("pkg:deb/" + os.id() + "/" + any.name() + "@")
        .endsWith("?arch=" + arch + "&distro=" + os.id() + "-" + os.versionId());
    assertThat(any.location()).isEqualTo("/var/lib/dpkg/status");
    foundBy("dpkg").stream()
        .filter(c -> c.version().contains("+") || c.version().contains(":"))
        .forEach(
            c ->
                assertThat(c.purl())
                    .contains(
                        "@" + c.version().replace(":", "%3A").replace("+", "%2B") + "?arch="));
  }

  @Test
  void dpkgLicencesComeFromSurvivingDep5CopyrightFilesOnly() {
    Component kept = byName("dpkg", image.kept());
    Component deleted = byName("dpkg", image.deleted());

    assertThat(kept.licenses()).isNotEmpty();
    assertThat(deleted.licenses()).isEmpty();
  }

  @Test
  void apkPackagesFromTheInstalledDatabase() {
    OsRelease os = OsRelease.parse(readOsRelease());
    Component musl = byName("apk", "musl");

    assertThat(foundBy("apk")).extracting(Component::name).containsExactly("busybox", "musl");
    assertThat(musl.version()).isEqualTo("1.2.4_git20230717-r4");
    assertThat(musl.licenses()).containsExactly("MIT");
    assertThat(musl.purl())
        .isEqualTo(
            "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-" + os.versionId());
  }

  @Test
  void componentsAreSortedByPurl() {
    assertThat(components).extracting(Component::purl).isSorted().doesNotHaveDuplicates();
  }

  private static Component byName(String cataloger, String name) {
    return foundBy(cataloger).stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static String readOsRelease() {
    try {
      return java.nio.file.Files.readString(Path.of("/etc/os-release"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
