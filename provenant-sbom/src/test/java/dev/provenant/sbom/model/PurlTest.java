package dev.provenant.sbom.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PurlTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "deb|debian|bash|5.2.15-2+b7|amd64|debian-12|pkg:deb/debian/bash@5.2.15-2%2Bb7?arch=amd64&distro=debian-12",
        "deb|debian|libc6|1:2.36-9+deb12u4|amd64||pkg:deb/debian/libc6@1%3A2.36-9%2Bdeb12u4?arch=amd64",
        "apk|alpine|musl|1.2.4-r2|x86_64|alpine-3.19|pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19",
        "DEB|debian|a b|1.0~rc1|||pkg:deb/debian/a%20b@1.0~rc1",
      })
  void canonicalFormEncodesAndSortsQualifiers(
      String type,
      String namespace,
      String name,
      String version,
      String arch,
      String distro,
      String expected) {
    Purl purl =
        Purl.builder(type, name)
            .namespace(namespace)
            .version(version)
            .qualifier("distro", distro)
            .qualifier("arch", arch)
            .build();

    assertThat(purl.toString()).isEqualTo(expected);
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
