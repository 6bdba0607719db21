package dev.provenant.sbom.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PurlTest {

  @Test
  void printsMavenCoordinatesWithTheGroupAsNamespace() {
    Purl purl =
        Purl.builder("maven", "log4j-core")
            .namespace("org.apache.logging.log4j")
            .version("2.14.1")
            .build();

    assertThat(purl).hasToString("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
  }

  @Test
  void encodesTheAtSignOfAnNpmScope() {
    assertThat(Purl.builder("npm", "core").namespace("@sigstore").version("1.0.0").build())
        .hasToString("pkg:npm/%40sigstore/core@1.0.0");
  }

  @Test
  void sortsQualifiersByLowercasedKeyAndDropsEmptyOnes() {
    Purl purl =
        Purl.builder("deb", "bash")
            .namespace("debian")
            .version("5.2.15-2+b13")
            .qualifier("distro", "debian-12")
            .qualifier("ARCH", "amd64")
            .qualifier("epoch", "")
            .build();

    assertThat(purl).hasToString("pkg:deb/debian/bash@5.2.15-2%2Bb13?arch=amd64&distro=debian-12");
    assertThat(purl.qualifiers()).containsOnlyKeys("arch", "distro");
  }

  @Test
  void encodesEachNamespaceAndSubpathSegmentButNotTheSlashes() {
    Purl purl =
        Purl.builder("golang", "v2")
            .namespace("/github.com/x y/z/")
            .version("v2.0.0+incompatible")
            .subpath("./cmd/tool/")
            .build();

    assertThat(purl).hasToString("pkg:golang/github.com/x%20y/z/v2@v2.0.0%2Bincompatible#cmd/tool");
  }

  @ParameterizedTest
  @CsvSource({
    "'a b', a%20b",
    "a:b, a%3Ab",
    "a/b, a%2Fb",
    "~._-AZaz09, ~._-AZaz09",
    "é, %C3%A9",
    "100%, 100%25",
  })
  void percentEncodesAllButAlphanumericsAndPunctuation(String text, String encoded) {
    assertThat(Purl.encode(text)).isEqualTo(encoded);
  }

  @Test
  void lowercasesTheTypeAndComparesByCanonicalForm() {
    Purl upper = Purl.builder("PyPI", "django").version("4.2").build();
    Purl lower = Purl.builder("pypi", "django").version("4.2").build();

    assertThat(upper).isEqualTo(lower).hasSameHashCodeAs(lower);
    assertThat(upper.type()).isEqualTo("pypi");
  }

  @Test
  void rejectsABadTypeAnEmptyNameAndABadQualifierKey() {
    assertThatThrownBy(() -> Purl.builder("1maven", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'1maven'");
    assertThatThrownBy(() -> Purl.builder("npm", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("purl name is empty");
    assertThatThrownBy(() -> Purl.builder("npm", "x").qualifier("a b", "c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a b'");
  }

  @ParameterizedTest
  @CsvSource({
    "repo,sha256:abc,docker.io/library/repo,pkg:oci/repo@sha256%3Aabc?repository_url=docker.io/library/repo"
  })
  void ociPurlForAnImage(String name, String digest, String repository, String expected) {
    assertThat(
            Purl.builder("oci", name)
                .version(digest)
                .qualifier("repository_url", repository)
                .build()
                .toString())
        .isEqualTo(expected);
  }
}
