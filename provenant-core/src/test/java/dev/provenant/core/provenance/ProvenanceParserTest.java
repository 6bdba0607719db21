package dev.provenant.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading SLSA v1 and v0.2 provenance into the v1 model. */
class ProvenanceParserTest {
  /**
   * A v0.2 statement written from https://slsa.dev/spec/v0.2/provenance (its field tables and the
   * GitHub Actions example), as slsa-github-generator's generic workflow wrote them.
   */
  private static final String V02 =
      """
      {
        "_type": "https://in-toto.io/Statement/v0.1",
        "predicateType": "https://slsa.dev/provenance/v0.2",
        "subject": [
          {"name": "app-linux-amd64",
           "digest": {"sha256": "5b7a6ff1e7e5e1ae4bf6a5d1c5e0d7f3b1c2a3d4e5f60718293a4b5c6d7e8f90"}}
        ],
        "predicate": {
          "builder": {
            "id": "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v1.9.0"
          },
          "buildType": "https://github.com/slsa-framework/slsa-github-generator/generic@v1",
          "invocation": {
            "configSource": {
              "uri": "git+https://github.com/octo-org/octo-app@refs/tags/v1.2.0",
              "digest": {"sha1": "ffac537e6cbbf934b08745a378932722df287a53"},
              "entryPoint": ".github/workflows/release.yml"
            },
            "parameters": {},
            "environment": {"github_event_name": "push", "github_run_id": "1658821493"}
          },
          "metadata": {
            "buildInvocationId": "1658821493-2",
            "buildStartedOn": "2024-06-12T09:30:05Z",
            "buildFinishedOn": "2024-06-12T09:41:27Z",
            "completeness": {"parameters": true, "environment": false, "materials": false},
            "reproducible": false
          },
          "materials": [
            {"uri": "git+https://github.com/octo-org/octo-app@refs/tags/v1.2.0",
             "digest": {"sha1": "ffac537e6cbbf934b08745a378932722df287a53"}}
          ]
        }
      }
      """;

  @Test
  void v02IsMappedOntoTheV1Model() throws Exception {
    ProvenanceStatement statement = parse(V02);

    assertThat(statement.subjects()).hasSize(1);
    assertThat(statement.subjects().get(0).name()).isEqualTo("app-linux-amd64");
    Provenance provenance = statement.provenance();
    assertThat(provenance.runDetails().builder().id())
        .isEqualTo(
            "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v1.9.0");
    BuildDefinition definition = provenance.buildDefinition();
    assertThat(definition.buildType())
        .isEqualTo("https://github.com/slsa-framework/slsa-github-generator/generic@v1");
    assertThat(definition.externalParameters())
        .containsEntry(
            "configSource",
            Map.of(
                "uri", "git+https://github.com/octo-org/octo-app@refs/tags/v1.2.0",
                "digest", Map.of("sha1", "ffac537e6cbbf934b08745a378932722df287a53"),
                "entryPoint", ".github/workflows/release.yml"));
    assertThat(definition.internalParameters())
        .isEqualTo(
            Map.of(
                "environment", Map.of("github_event_name", "push", "github_run_id", "1658821493")));
    assertThat(definition.resolvedDependencies())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.uri())
                  .isEqualTo("git+https://github.com/octo-org/octo-app@refs/tags/v1.2.0");
              assertThat(d.digest())
                  .containsEntry("sha1", "ffac537e6cbbf934b08745a378932722df287a53");
            });
    BuildMetadata metadata = provenance.runDetails().metadata();
    assertThat(metadata.invocationId()).isEqualTo("1658821493-2");
    assertThat(metadata.startedOn()).isEqualTo(Instant.parse("2024-06-12T09:30:05Z"));
    assertThat(metadata.finishedOn()).isEqualTo(Instant.parse("2024-06-12T09:41:27Z"));
  }

  @Test
  void v1ReadsBackExactlyWhatTheWriterWrote() throws Exception {
    CiEnvironment ci = CiEnvironment.detect(CiFixtures.gitLabCi()).orElseThrow();
    ProvenanceStatement written =
        new ProvenanceGenerator(Clock.fixed(Instant.parse("2024-06-12T09:41:27Z"), ZoneOffset.UTC))
            .generate(
                ci,
                List.of(
                    new ResourceDescriptor(
                        "registry.gitlab.com/acme/platform/api",
                        null,
                        new java.util.TreeMap<>(Map.of("sha256", "ab".repeat(32))))),
                null,
                null);

    ProvenanceStatement read =
        new ProvenanceParser().parse(new ProvenanceStatementWriter().write(written));

    assertThat(read).isEqualTo(written);
  }

  @Test
  void otherPredicatesAndBrokenStatementsAreRefusedByName() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    {"_type": "https://in-toto.io/Statement/v1", "subject": [],
                     "predicateType": "https://spdx.dev/Document", "predicate": {}}
                    """))
        .isInstanceOf(ProvenanceParseException.class)
        .hasMessage("predicateType 'https://spdx.dev/Document' is not SLSA provenance v1 or v0.2");
    assertThatThrownBy(() -> parse(V02.replace("\"builder\"", "\"builderX\"")))
        .hasMessage("builder is missing or not an object");
    assertThatThrownBy(() -> parse("[1]")).hasMessage("provenance is not a JSON object");
  }

  private static ProvenanceStatement parse(String json) throws ProvenanceParseException {
    return new ProvenanceParser().parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
