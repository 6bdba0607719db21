package dev.provenant.sbom.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.sbom.model.Component;
import dev.provenant.sbom.model.Subject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class CycloneDxWriterTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @Test
  void writesAValidCycloneDx16DocumentNamingTheImageAndWhereEachPackageWasFound() throws Exception {
    Digest image = Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8));
    Digest layer = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));
    Component bash =
        new Component(
            "library",
            "bash",
            "5.2.15-2+b7",
            "pkg:deb/debian/bash@5.2.15-2%2Bb7?arch=amd64&distro=debian-12",
            List.of("GPL-3+"),
            "/var/lib/dpkg/status",
            layer,
            Map.of(),
            "dpkg");

    String json =
        new CycloneDxWriter(CLOCK, "0.1.0")
            .write(
                Subject.image("registry.example/team/app", "registry.example/team/app:1", image),
                List.of(bash));

    assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), Version.VERSION_16))
        .isEmpty();
    JsonNode root = new ObjectMapper().readTree(json);
    assertThat(root.path("specVersion").asText()).isEqualTo("1.6");
    assertThat(root.path("metadata").path("component").path("purl").asText())
        .isEqualTo(
            "pkg:oci/app@"
                + image.toString().replace(":", "%3A")
                + "?repository_url=registry.example/team/app");
    JsonNode component = root.path("components").get(0);
    assertThat(component.path("bom-ref").asText()).isEqualTo(bash.purl());
    assertThat(component.path("licenses").get(0).path("license").path("name").asText())
        .isEqualTo("GPL-3+");
    assertThat(component.path("properties").toString())
        .contains("{\"name\":\"provenant:layer\",\"value\":\"" + layer + "\"}")
        .contains("{\"name\":\"provenant:location\",\"value\":\"/var/lib/dpkg/status\"}");
  }
}
