package dev.provenant.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of mistake is reported at its line, and a file with any mistake loads nothing. */
class PolicyLoaderProblemsTest {
  @TempDir Path dir;

  private static final String HEADER =
      """
      apiVersion: provenant.dev/v1
      kind: ImagePolicy
      metadata:
        name: p
      spec:
        match:
          images: ["**"]
      """;

  /** The problems of loading {@code yaml} as policy.yaml, each as {@code line: message}. */
  private List<String> problems(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), yaml);
    return problemsOf(List.of(file));
  }

  private static List<String> problemsOf(List<Path> files) {
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(files));
    assertThat(e).as("loading should fail").isNotNull();
    return e.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
  }

  private static String keyed(String authoritiesExtra) {
    return HEADER
        + """
          authorities:
            keys:
              - name: release
                pem: |
        %s
        """
            .formatted(TestKeys.indented(TestKeys.newPem(), 10))
        + authoritiesExtra;
  }

  @Test
  void unknownFieldNamesTheFieldAndWhatIsAllowed() throws Exception {
    assertThat(problems(HEADER + "  modee: warn\n  denyMutableTags: true\n"))
        .containsExactly(
            "8: spec.modee: unknown field (allowed: mode, match, exclude, authorities,"
                + " provenance, attestations, requireDigest, denyMutableTags, maxAge)");
  }

  @Test
  void unknownNestedField() throws Exception {
    assertThat(problems(keyed("    treshold: 1\n")))
        .containsExactly(
            "16: spec.authorities.treshold: unknown field (allowed: threshold,"
                + " requireTransparencyLog, keys, keyless)");
  }

  @Test
  void enumValues() throws Exception {
    assertThat(problems(HEADER + "  denyMutableTags: true\n  mode: sometimes\n"))
        .containsExactly("9: spec.mode: must be one of enforce, warn");
  }

  @Test
  void wrongApiVersionAndKind() throws Exception {
    assertThat(problems(HEADER.replace("provenant.dev/v1", "provenant.dev/v2")))
        .containsExactly("1: apiVersion: must be provenant.dev/v1");
    assertThat(problems(HEADER.replace("kind: ImagePolicy", "kind: ClusterImagePolicy")))
        .containsExactly("2: kind: must be one of ImagePolicy, PolicySettings");
  }

  @Test
  void missingRequiredFields() throws Exception {
    assertThat(
            problems(
                "apiVersion: provenant.dev/v1\nkind: ImagePolicy\nmetadata:\n  name: p\nspec:\n"
                    + "  denyMutableTags: true\n"))
        .containsExactly("5: spec: missing required field 'match'");
    assertThat(problems("kind: PolicySettings\n"))
        .containsExactly("1: (document): missing required field 'apiVersion'");
  }

  @Test
  void wrongTypes() throws Exception {
    assertThat(problems(keyed("    threshold: two\n")))
        .containsExactly("16: spec.authorities.threshold: must be an integer, not a string");
    assertThat(problems(HEADER + "  denyMutableTags: yes please\n"))
        .containsExactly("8: spec.denyMutableTags: must be true or false, not a string");
    assertThat(
            problems(
                keyed(
                    "  provenance:\n    sourceCommit: 1234567890123456789012345678901234567890\n")))
        .containsExactly(
            "17: spec.provenance.sourceCommit: must be a string, not a number (quote the value)");
  }

  @Test
  void thresholdOutOfRange() throws Exception {
    assertThat(problems(keyed("    threshold: 2\n")))
        .containsExactly(
            "16: spec.authorities.threshold: threshold 2 must be between 1 and 1, the number of"
                + " authorities listed");
    assertThat(problems(keyed("    threshold: 0\n")))
        .containsExactly("16: spec.authorities.threshold: must be at least 1");
  }

  @Test
  void pemThatDoesNotParse() throws Exception {
    assertThat(
            problems(
                HEADER
                    + "  authorities:\n    keys:\n      - name: release\n        pem: not a key\n"))
        .containsExactly(
            "11: spec.authorities.keys[0].pem: not a public key: no PEM 'PUBLIC KEY' block found");
  }

  @Test
  void missingKeyFile() throws Exception {
    assertThat(
            problems(
                HEADER
                    + "  authorities:\n    keys:\n      - name: release\n"
                    + "        file: keys/absent.pub\n"))
        .singleElement()
        .asString()
        .startsWith("11: spec.authorities.keys[0].file: key file ")
        .endsWith("keys/absent.pub: no such file");
  }

  @Test
  void unknownTrustedKey() throws Exception {
    assertThat(problems(HEADER + "  authorities:\n    keys:\n      - name: release\n"))
        .containsExactly(
            "10: spec.authorities.keys[0].name: no trusted key named 'release' (no PolicySettings"
                + " trustedKeys are defined); give file or pem to name a key here");
  }

  @Test
  void celThatDoesNotCompile() throws Exception {
    assertThat(
            problems(
                keyed(
                    "  attestations:\n    - type: vuln\n"
                        + "      condition: \"predicate.scanner ==\"\n")))
        .singleElement()
        .asString()
        .startsWith("18: spec.attestations[0].condition: condition does not compile");
  }

  @Test
  void unknownPredicateType() throws Exception {
    assertThat(problems(keyed("  attestations:\n    - type: sbom\n")))
        .singleElement()
        .asString()
        .startsWith("17: spec.attestations[0].type: unknown predicate type 'sbom'");
  }

  @Test
  void invalidRegularExpression() throws Exception {
    assertThat(
            problems(
                HEADER
                    + """
                      authorities:
                        keyless:
                          - issuer: https://token.actions.githubusercontent.com
                            subjectRegExp: ^https://github.com/(acme/
                    """))
        .singleElement()
        .asString()
        .isEqualTo(
            "11: spec.authorities.keyless[0].subjectRegExp: invalid regular expression: Unclosed"
                + " group near index 26");
  }

  @Test
  void keylessNeedsExactlyOneIssuerAndSubject() throws Exception {
    assertThat(
            problems(
                HEADER
                    + """
                      authorities:
                        keyless:
                          - issuer: https://a.example
                            issuerRegExp: https://.*
                            subject: x
                    """))
        .containsExactly(
            "10: spec.authorities.keyless[0]: give exactly one of issuer and issuerRegExp");
  }

  @Test
  void badDurations() throws Exception {
    assertThat(problems(HEADER + "  denyMutableTags: true\n  maxAge: 30 days\n"))
        .containsExactly(
            "9: spec.maxAge: '30 days' is not a Go duration such as 720h, 30m, 1h30m or 45s");
    assertThat(problems(HEADER + "  denyMutableTags: true\n  maxAge: 0s\n"))
        .contains("9: spec.maxAge: '0s' must be longer than zero");
  }

  @Test
  void aPolicyMustRequireSomething() throws Exception {
    assertThat(problems(HEADER))
        .containsExactly(
            "5: spec: the policy requires nothing: give authorities (with attestations or"
                + " provenance if wanted), requireDigest: true or denyMutableTags: true");
  }

  @Test
  void attestationsAndProvenanceNeedAuthorities() throws Exception {
    assertThat(
            problems(
                HEADER
                    + "  requireDigest: true\n  attestations:\n    - type: cyclonedx\n"
                    + "  provenance:\n    repository: acme/widget\n"))
        .containsExactly(
            "9: spec.attestations: needs authorities: say whose signatures make attestations"
                + " count",
            "11: spec.provenance: needs authorities: say whose signatures make provenance count");
  }

  @Test
  void yamlSyntaxErrorsNameTheirLine() throws Exception {
    assertThat(problems(HEADER + "  denyMutableTags: true\n  exclude: [a, b\n"))
        .singleElement()
        .asString()
        .matches("(9|10): invalid YAML: .*");
    assertThat(problems("apiVersion: provenant.dev/v1\nkind: ImagePolicy\n  bad: indent\n"))
        .singleElement()
        .asString()
        .matches("3: invalid YAML: .*");
  }

  @Test
  void keysGivenTwice() throws Exception {
    assertThat(problems(HEADER + "  denyMutableTags: true\n  denyMutableTags: false\n"))
        .containsExactly("9: spec.denyMutableTags: given twice");
  }

  @Test
  void emptyFiles() throws Exception {
    assertThat(problems(""))
        .containsExactly("1: no policy documents: the file is empty or only has comments");
    assertThat(problems("# nothing yet\n---\n"))
        .containsExactly("1: no policy documents: the file is empty or only has comments");
  }

  @Test
  void oversizedFilesAreRefusedUnread() throws Exception {
    assertThat(problems("# " + "x".repeat(BoundedFiles.MAX_BYTES) + "\n"))
        .containsExactly("0: larger than 1 MiB; refusing to read it");
  }

  @Test
  void onlyOnePolicySettings() throws Exception {
    String settings = "apiVersion: provenant.dev/v1\nkind: PolicySettings\nspec: {}\n";
    Path file = Files.writeString(dir.resolve("policy.yaml"), settings + "---\n" + settings);
    assertThat(problemsOf(List.of(file)))
        .containsExactly(
            "6: kind: a second PolicySettings document; there can be only one (the first is at "
                + file
                + ":1)");
  }

  @Test
  void everyProblemOfEveryDocumentAndFileIsReportedAndNothingLoads() throws Exception {
    Path good = Files.writeString(dir.resolve("good.yaml"), HEADER + "  denyMutableTags: true\n");
    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"),
            HEADER.replace("name: p", "name: q")
                + "  requireDigest: maybe\n---\n"
                + HEADER.replace("name: p", "name: Bad_Name")
                + "  denyMutableTags: true\n");

    PolicyException e =
        catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(List.of(good, bad)));

    assertThat(e.problems())
        .containsExactly(
            new PolicyProblem(bad, 8, "spec.requireDigest: must be true or false, not a string"),
            new PolicyProblem(
                bad,
                13,
                "metadata.name: 'Bad_Name' is not a name of lowercase letters, digits, '-' and"
                    + " '.', starting and ending with a letter or digit"));
    assertThat(e.getMessage()).startsWith(bad + ":8: spec.requireDigest:");
  }

  @Test
  void maxAgeWithoutAuthoritiesWouldCheckNothingSoItIsRefused() throws Exception {
    assertThat(problems(HEADER + "  requireDigest: true\n  maxAge: 24h\n"))
        .containsExactly(
            "9: spec.maxAge: needs authorities: say whose signatures make maxAge count");
  }

  @Test
  void theSameKeyUnderTwoNamesIsRefusedSoOneSignerCannotCountTwice() throws Exception {
    String pem = TestKeys.indented(TestKeys.newPem(), 10);
    String yaml =
        HEADER
            + """
              authorities:
                threshold: 2
                keys:
                  - name: release
                    pem: |
            %s
                  - name: backup
                    pem: |
            %s
            """
                .formatted(pem, pem);

    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .endsWith(
            "spec.authorities.keys[1]: authority 'backup' is the same key as 'release': list each"
                + " key once, or the threshold would count one signer twice");
  }
}
