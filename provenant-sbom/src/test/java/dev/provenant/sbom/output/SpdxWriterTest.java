package dev.provenant.sbom.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Digest;
import dev.provenant.sbom.model.Component;
import dev.provenant.sbom.model.Subject;
import dev.provenant.sbom.testing.Spdx23Checks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpdxWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);
  private static final Digest IMAGE = Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8));
  private static final Digest LAYER = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));
  private static final Subject SUBJECT =
      Subject.image("registry.example/team/app", "registry.example/team/app:1", IMAGE);

  private static Component deb(String name, String version, List<String> licenses) {
    return new Component(
        "library",
        name,
        version,
        "pkg:deb/debian/" + name + "@" + version.replace("+", "%2B") + "?arch=amd64",
        licenses,
        "/var/lib/dpkg/status",
        LAYER,
        Map.of(),
        "dpkg");
  }

  private static JsonNode write(List<Component> components) throws Exception {
    return JSON.readTree(new SpdxWriter(CLOCK, "0.1.0").write(SUBJECT, components));
  }

  private static JsonNode pkg(JsonNode root, String name) {
    for (JsonNode p : root.path("packages")) {
      if (p.path("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no package " + name);
  }

  @Test
  void writesTheRequiredSpdx23FieldsTheSubjectAndOnePackagePerComponent() throws Exception {
    Component jar =
        new Component(
            "library",
            "commons-io",
            "2.16.1",
            "pkg:maven/commons-io/commons-io@2.16.1",
            List.of("Apache-2.0"),
            "/app/lib/commons-io-2.16.1.jar",
            LAYER,
            Map.of("SHA-1", "ABCDEF0123", "SHA-256", "0123456789abcdef", "X-UNKNOWN", "zz"),
            "java-archive");

    JsonNode root = write(List.of(deb("bash", "5.2.15-2+b7", List.of("GPL-3.0-or-later")), jar));

    assertThat(Spdx23Checks.problems(root)).isEmpty();
    assertThat(root.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
    assertThat(root.path("dataLicense").asText()).isEqualTo("CC0-1.0");
    assertThat(root.path("SPDXID").asText()).isEqualTo("SPDXRef-DOCUMENT");
    assertThat(root.path("name").asText()).isEqualTo("registry.example/team/app");
    assertThat(root.path("documentNamespace").asText())
        .startsWith(SpdxWriter.NAMESPACE_BASE + "registry.example-team-app-");
    assertThat(root.path("creationInfo").path("created").asText())
        .isEqualTo("2026-01-02T03:04:05Z");
    assertThat(root.path("creationInfo").path("creators").toString())
        .isEqualTo("[\"Tool: provenant-0.1.0\"]");

    JsonNode subject = root.path("packages").get(0);
    assertThat(root.path("documentDescribes").toString())
        .isEqualTo("[\"" + subject.path("SPDXID").asText() + "\"]");
    assertThat(subject.path("versionInfo").asText()).isEqualTo(IMAGE.toString());
    assertThat(subject.path("downloadLocation").asText()).isEqualTo("NOASSERTION");
    assertThat(subject.path("primaryPackagePurpose").asText()).isEqualTo("CONTAINER");
    assertThat(subject.path("checksums").toString())
        .isEqualTo("[{\"algorithm\":\"SHA256\",\"checksumValue\":\"" + IMAGE.hex() + "\"}]");
    assertThat(subject.path("externalRefs").get(0).path("referenceLocator").asText())
        .isEqualTo(SUBJECT.purl());

    JsonNode bash = pkg(root, "bash");
    assertThat(bash.path("versionInfo").asText()).isEqualTo("5.2.15-2+b7");
    assertThat(bash.path("filesAnalyzed").asBoolean(true)).isFalse();
    assertThat(bash.path("licenseDeclared").asText()).isEqualTo("GPL-3.0-or-later");
    assertThat(bash.path("licenseConcluded").asText()).isEqualTo("NOASSERTION");
    assertThat(bash.path("copyrightText").asText()).isEqualTo("NOASSERTION");
    assertThat(bash.has("comment")).isFalse();
    assertThat(bash.path("externalRefs").toString())
        .isEqualTo(
            "[{\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":\"purl\","
                + "\"referenceLocator\":\"pkg:deb/debian/bash@5.2.15-2%2Bb7?arch=amd64\"}]");
    assertThat(bash.path("sourceInfo").asText())
        .contains("dpkg")
        .contains("/var/lib/dpkg/status")
        .contains(LAYER.toString());

    JsonNode io = pkg(root, "commons-io");
    assertThat(io.path("checksums").toString())
        .isEqualTo(
            "[{\"algorithm\":\"SHA1\",\"checksumValue\":\"abcdef0123\"},"
                + "{\"algorithm\":\"SHA256\",\"checksumValue\":\"0123456789abcdef\"}]");

    List<String> relationships = new ArrayList<>();
    for (JsonNode r : root.path("relationships")) {
      relationships.add(
          r.path("spdxElementId").asText()
              + " "
              + r.path("relationshipType").asText()
              + " "
              + r.path("relatedSpdxElement").asText());
    }
    String s = subject.path("SPDXID").asText();
    assertThat(relationships)
        .containsExactly(
            "SPDXRef-DOCUMENT DESCRIBES " + s,
            s + " CONTAINS " + bash.path("SPDXID").asText(),
            s + " CONTAINS " + io.path("SPDXID").asText());
  }

  @Test
  void aLicenceThatIsNotAnSpdxExpressionIsNoAssertionWithTheTextKept() throws Exception {
    JsonNode root =
        write(
            List.of(
                deb("a", "1", List.of("GPL-2+")),
                deb("b", "1", List.of("GPL-2+", "BSD-3-clause")),
                deb("c", "1", List.of("BSD-3-clause", "GPL-2.0+")),
                deb(
                    "d",
                    "1",
                    List.of("MIT OR Apache-2.0", "GPL-2.0-only WITH Classpath-exception-2.0")),
                deb("e", "1", List.of("GPL-2+ or Artistic")),
                deb("f", "1", List.of("LicenseRef-custom")),
                deb("g", "1", List.of()),
                deb("h", "1", List.of("mit and (isc)"))));

    assertThat(Spdx23Checks.problems(root)).isEmpty();
    JsonNode a = pkg(root, "a");
    assertThat(a.path("licenseDeclared").asText()).isEqualTo("NOASSERTION");
    assertThat(a.path("comment").asText()).contains("GPL-2+");
    assertThat(pkg(root, "b").path("licenseDeclared").asText()).isEqualTo("NOASSERTION");
    assertThat(pkg(root, "b").path("comment").asText()).contains("GPL-2+").contains("BSD-3-clause");
    // SPDX identifiers match case-insensitively; the canonical case is written.
    assertThat(pkg(root, "c").path("licenseDeclared").asText())
        .isEqualTo("BSD-3-Clause AND GPL-2.0+");
    assertThat(pkg(root, "d").path("licenseDeclared").asText())
        .isEqualTo("(MIT OR Apache-2.0) AND (GPL-2.0-only WITH Classpath-exception-2.0)");
    assertThat(pkg(root, "e").path("licenseDeclared").asText()).isEqualTo("NOASSERTION");
    assertThat(pkg(root, "e").path("comment").asText()).contains("GPL-2+ or Artistic");
    assertThat(pkg(root, "f").path("licenseDeclared").asText()).isEqualTo("NOASSERTION");
    assertThat(pkg(root, "g").path("licenseDeclared").asText()).isEqualTo("NOASSERTION");
    assertThat(pkg(root, "g").has("comment")).isFalse();
    // Operators must be upper case.
    assertThat(pkg(root, "h").path("licenseDeclared").asText()).isEqualTo("NOASSERTION");
  }

  @Test
  void licenceExpressionGrammar() {
    assertThat(SpdxLicenses.normalize("(mit OR gpl-2.0-or-later) AND isc"))
        .contains("(MIT OR GPL-2.0-or-later) AND ISC");
    assertThat(SpdxLicenses.normalize("MIT AND")).isEmpty();
    assertThat(SpdxLicenses.normalize("(MIT")).isEmpty();
    assertThat(SpdxLicenses.normalize("MIT)")).isEmpty();
    assertThat(SpdxLicenses.normalize("()")).isEmpty();
    assertThat(SpdxLicenses.normalize("MIT WITH GPL-2.0")).isEmpty();
    assertThat(SpdxLicenses.normalize("public-domain")).isEmpty();
    assertThat(SpdxLicenses.normalize("MIT/X11")).isEmpty();
    assertThat(SpdxLicenses.normalize("")).isEmpty();
  }

  @Test
  void spdxIdsAreValidAndUniqueEvenForOddOrRepeatedNames() throws Exception {
    Component odd =
        new Component(
            "library", "@scope/näme_x", "1:2+3~4", null, List.of(), null, null, Map.of(), "npm");
    JsonNode root = write(List.of(odd, odd, odd, deb("x", "1", List.of())));

    assertThat(Spdx23Checks.problems(root)).isEmpty();
    List<String> ids = new ArrayList<>();
    root.path("packages").forEach(p -> ids.add(p.path("SPDXID").asText()));
    assertThat(ids).doesNotHaveDuplicates().hasSize(5);
    assertThat(ids).allMatch(id -> id.matches("SPDXRef-[A-Za-z0-9.-]+"));
    assertThat(ids.get(1)).isEqualTo("SPDXRef-Package-npm--scope-n-me-x-1-2-3-4");
    assertThat(ids.get(2)).isEqualTo("SPDXRef-Package-npm--scope-n-me-x-1-2-3-4-2");
    // Without a purl there is no external reference; the package is still written.
    assertThat(root.path("packages").get(1).has("externalRefs")).isFalse();
  }

  @Test
  void theDocumentIsDeterministicApartFromCreatedAndTheNamespaceFollowsTheContent()
      throws Exception {
    List<Component> components =
        List.of(deb("bash", "5.2", List.of("GPL-3+")), deb("zlib1g", "1:1.3", List.of("Zlib")));
    String first = new SpdxWriter(CLOCK, "0.1.0").write(SUBJECT, components);
    String later =
        new SpdxWriter(Clock.fixed(Instant.parse("2027-05-06T07:08:09Z"), ZoneOffset.UTC), "0.1.0")
            .write(SUBJECT, components);
    String other =
        new SpdxWriter(CLOCK, "0.1.0").write(SUBJECT, List.of(deb("bash", "5.2", List.of())));

    ObjectNode a = (ObjectNode) JSON.readTree(first);
    ObjectNode b = (ObjectNode) JSON.readTree(later);
    assertThat(a.path("creationInfo").path("created").asText())
        .isNotEqualTo(b.path("creationInfo").path("created").asText());
    ((ObjectNode) a.path("creationInfo")).remove("created");
    ((ObjectNode) b.path("creationInfo")).remove("created");
    assertThat(a).isEqualTo(b);
    assertThat(JSON.readTree(other).path("documentNamespace").asText())
        .isNotEqualTo(a.path("documentNamespace").asText());
  }

  @Test
  void aDirectoryIsAPackageWithoutVersionOrChecksum() throws Exception {
    JsonNode root =
        JSON.readTree(
            new SpdxWriter(CLOCK, "0.1.0")
                .write(Subject.directory("/tmp/rootfs"), List.of(deb("a", "1", List.of("MIT")))));

    assertThat(Spdx23Checks.problems(root)).isEmpty();
    JsonNode subject = root.path("packages").get(0);
    assertThat(subject.path("name").asText()).isEqualTo("/tmp/rootfs");
    assertThat(subject.has("versionInfo")).isFalse();
    assertThat(subject.has("checksums")).isFalse();
    assertThat(subject.has("primaryPackagePurpose")).isFalse();
    assertThat(root.path("documentNamespace").asText())
        .startsWith(SpdxWriter.NAMESPACE_BASE + "tmp-rootfs-");
  }

  @Test
  void theRequiredFieldChecksCatchMissingAndInvalidFields() throws Exception {
    ObjectNode root = (ObjectNode) write(List.of(deb("a", "1", List.of())));
    root.remove("documentNamespace");
    ((ObjectNode) root.path("packages").get(1)).remove("downloadLocation");
    ((ObjectNode) root.path("packages").get(1)).put("SPDXID", "SPDXRef-a_b");
    ((ObjectNode) root.path("packages").get(1)).put("bogus", 1);
    ((ObjectNode) root.path("creationInfo")).put("created", "2026-01-02 03:04:05");

    assertThat(Spdx23Checks.problems(root))
        .anyMatch(p -> p.contains("lacks required documentNamespace"))
        .anyMatch(p -> p.contains("lacks required downloadLocation"))
        .anyMatch(p -> p.contains("SPDXRef-a_b"))
        .anyMatch(p -> p.contains("bogus"))
        .anyMatch(p -> p.contains("created"));
  }
}
