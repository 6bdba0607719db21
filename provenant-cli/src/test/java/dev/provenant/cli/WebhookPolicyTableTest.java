package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.oci.registry.Credentials;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import dev.provenant.server.AdmissionServer;
import dev.provenant.server.Reviews;
import dev.provenant.server.SelfSignedTls;
import dev.provenant.server.WebhookClient;
import dev.provenant.server.config.ServerConfig;
import dev.provenant.server.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy decision table, decided by the admission webhook: one {@code provenant serve} server
 * (in-process, over TLS) holds one ImagePolicy per row, each matching only its row's repository;
 * every row's image is pushed to a real registry and given its evidence with the CLI's own verbs
 * ({@code sign}, {@code attest}, {@code provenance generate}, keyless signing against a local
 * Fulcio and TSA, sigstore-js). Each row is then sent as an AdmissionReview to {@code
 * /admission/validate}, and the answer must be the row's decision with a message that names the
 * image, the policy and the rule a developer has to fix.
 *
 * <p>The threshold row is a test of its own because it changes the image's evidence between two
 * reviews.
 */
class WebhookPolicyTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> PASSWORD = Map.of("COSIGN_PASSWORD", "s3cret");
  private static final String SOURCE_COMMIT = PolicyEvidence.SOURCE_COMMIT;
  private static final String RELEASE_WORKFLOW =
      "https://github.com/acme/widget/.github/workflows/release.yml@refs/heads/main";
  private static final String VULN =
      """
      {"scanner": {"uri": "pkg:github/aquasecurity/trivy", "version": "0.50.0",
        "result": {"summary": {"criticalCount": %d, "highCount": 3}}},
       "metadata": {"scanStartedOn": "2026-11-01T00:00:00Z", "scanFinishedOn": "2026-11-01T00:01:00Z"}}
      """;

  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();
  @RegisterExtension static final SigstoreMock SIGSTORE = new SigstoreMock();

  @TempDir static Path dir;

  private static List<Row> rows;
  private static AdmissionServer server;
  private static WebhookClient client;

  /** What the webhook must answer for a row's image. */
  enum Expected {
    ALLOWED,
    DENIED,
    WARNED,
    EXCLUDED
  }

  /** Gives a freshly pushed image the evidence its row is about. */
  @FunctionalInterface
  interface Evidence {
    void add(String image, Digest digest) throws Exception;
  }

  /**
   * One row of the table: its image lives in {@code table/NAME/app} and is matched only by the
   * policy {@code NAME}, whose spec is {@code spec}; {@code rule} is the rule the message must name
   * and {@code found} the start of what it found instead (denied and warned rows).
   */
  record Row(
      String title,
      String name,
      String tag,
      String spec,
      Evidence evidence,
      Expected expected,
      String rule,
      String found) {
    String repository() {
      return "table/" + name + "/app";
    }

    String image() {
      return REGISTRY.address() + "/" + repository() + ":" + tag;
    }

    @Override
    public String toString() {
      return title;
    }
  }

  private static List<Row> table() {
    String alice = keyAuthorities(1, "alice");
    return List.of(
        new Row(
            "1. signed with the listed key: allowed",
            "signed",
            "1.0",
            alice,
            (image, digest) -> sign("alice", image),
            Expected.ALLOWED,
            null,
            null),
        new Row(
            "2. unsigned: denied by authorities",
            "unsigned",
            "1.0",
            alice,
            (image, digest) -> {},
            Expected.DENIED,
            "authorities",
            "no signatures"),
        new Row(
            "3. signed by another key: denied by authorities",
            "other-key",
            "1.0",
            alice,
            (image, digest) -> sign("bob", image),
            Expected.DENIED,
            "authorities",
            "no authority's signature verified; not by alice"),
        new Row(
            "5. keyless from a feature branch: denied by provenance.ref",
            "feature-branch",
            "1.0",
            keylessAuthority()
                + "provenance:\n  repository: acme/widget\n  ref: refs/heads/main\n"
                + "  issuer: "
                + SigstoreMock.ISSUER
                + "\n",
            (image, digest) ->
                PolicyEvidence.signFromBranch(
                    SIGSTORE, image, RELEASE_WORKFLOW, "refs/heads/feature"),
            Expected.DENIED,
            "provenance.ref",
            "refs/heads/feature (certificate of referrer sha256:"),
        new Row(
            "6. SLSA provenance from another repository: denied by provenance.repository",
            "evil-provenance",
            "1.0",
            alice + "provenance:\n  repository: acme/widget\n  ref: refs/heads/main\n",
            (image, digest) -> {
              sign("alice", image);
              attest(
                  "alice",
                  "slsaprovenance",
                  PolicyEvidence.githubProvenance(dir, "evil/widget", image, digest.toString()),
                  image);
            },
            Expected.DENIED,
            "provenance.repository",
            "https://github.com/evil/widget (provenance referrer sha256:"),
        new Row(
            "7. SBOM required, only a vulnerability attestation: denied by the SBOM attestation",
            "missing-sbom",
            "1.0",
            alice + "attestations:\n  - type: cyclonedx\n",
            (image, digest) -> {
              sign("alice", image);
              attest("alice", "vuln", VULN.formatted(0), image);
            },
            Expected.DENIED,
            "attestation https://cyclonedx.org/bom",
            "none (accepted attestations: https://cosign.sigstore.dev/attestation/vuln/v1)"),
        new Row(
            "8. vulnerability scan with 2 criticals: denied by the vuln attestation's condition",
            "criticals",
            "1.0",
            alice
                + "attestations:\n  - type: https://cosign.sigstore.dev/attestation/vuln/v1\n"
                + "    condition: \"predicate.scanner.result.summary.criticalCount == 0\"\n",
            (image, digest) -> {
              sign("alice", image);
              attest("alice", "vuln", VULN.formatted(2), image);
            },
            Expected.DENIED,
            "attestation https://cosign.sigstore.dev/attestation/vuln/v1",
            "predicate.scanner.result.summary.criticalCount == 0 is false in referrer sha256:"),
        new Row(
            "9. mutable tag latest under denyMutableTags: denied by denyMutableTags",
            "mutable-tag",
            "latest",
            alice + "denyMutableTags: true\n",
            (image, digest) -> sign("alice", image),
            Expected.DENIED,
            "denyMutableTags",
            "the mutable tag latest"),
        new Row(
            "10. excluded registry: allowed, audited as excluded",
            "excluded",
            "1.0",
            alice + "exclude:\n  registries: [\"" + REGISTRY.address() + "\"]\n",
            (image, digest) -> {},
            Expected.EXCLUDED,
            null,
            null),
        new Row(
            "11. warn mode, unsigned: allowed with a warning naming authorities",
            "warn-unsigned",
            "1.0",
            "mode: warn\n" + alice,
            (image, digest) -> {},
            Expected.WARNED,
            "authorities",
            "no signatures"),
        new Row(
            "12. SBOM attested by sigstore-js under a keyless authority: allowed",
            "sigstore-js-sbom",
            "1.0",
            "authorities:\n  requireTransparencyLog: false\n  keyless:\n"
                + "    - issuer: "
                + SigstoreMock.ISSUER
                + "\n      subject: "
                + RELEASE_WORKFLOW
                + "\nattestations:\n  - type: cyclonedx\n",
            (image, digest) -> {
              PolicyEvidence.signFromBranch(SIGSTORE, image, RELEASE_WORKFLOW, "refs/heads/main");
              PolicyEvidence.attachSigstoreJsSbom(
                  SIGSTORE,
                  dir,
                  REGISTRY.address(),
                  ImageReference.parse(image.substring(0, image.lastIndexOf(':')) + "@" + digest),
                  digest,
                  RELEASE_WORKFLOW);
            },
            Expected.ALLOWED,
            null,
            null));
  }

  /** The threshold row's policy: any two of three keys. */
  private static final String THRESHOLD = "threshold";

  @BeforeAll
  static void prepareEvidenceAndStartTheWebhook() throws Exception {
    for (String name : List.of("alice", "bob", "carol")) {
      CliResult generated =
          CliResult.runWithEnvironment(
              PASSWORD, "generate-key-pair", "--output-key-prefix", dir.resolve(name).toString());
      assertThat(generated.exitCode()).as(generated.err()).isZero();
    }
    rows = table();
    List<String> policies = new ArrayList<>();
    long seed = 1;
    for (Row row : rows) {
      Digest digest = push(row.repository(), row.tag(), seed++);
      row.evidence().add(row.image(), digest);
      policies.add(policy(row.name(), row.spec()));
    }
    policies.add(policy(THRESHOLD, keyAuthorities(2, "alice", "bob", "carol")));
    Path policyFile = dir.resolve("policies.yaml");
    Files.writeString(policyFile, String.join("---\n", policies));
    startWebhook(policyFile);
  }

  private static void startWebhook(Path policyFile) throws Exception {
    SelfSignedTls tls = SelfSignedTls.generate("provenant-webhook");
    Path certificate = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    tls.write(certificate, key);
    Map<Setting, String> settings = new EnumMap<>(Setting.class);
    settings.put(Setting.ADDRESS, "127.0.0.1");
    settings.put(Setting.PORT, "0");
    settings.put(Setting.TLS_CERT, certificate.toString());
    settings.put(Setting.TLS_KEY, key.toString());
    settings.put(Setting.POLICY, policyFile.toString());
    settings.put(Setting.AUDIT_LOG, auditLog().toString());
    settings.put(Setting.ALLOW_HTTP_REGISTRY, "true");
    settings.put(Setting.TRUSTED_ROOT, SIGSTORE.trustedRoot().toString());
    // A denial is otherwise remembered for 10 s; the threshold row is signed again and re-sent.
    settings.put(Setting.NEGATIVE_CACHE_TTL, "1ms");
    server =
        AdmissionServer.builder(ServerConfig.resolve(null, Map.of(), settings))
            .registryOptions(new RegistryOptions(true, false, Credentials.anonymous()))
            .start();
    client = new WebhookClient(SelfSignedTls.trusting(tls.certificate()), server.port());
  }

  @AfterAll
  static void stopTheWebhook() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static List<Row> rows() {
    return rows;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void webhookDecidesTheRow(Row row) throws Exception {
    String image = row.image();

    JsonNode response = validate(image);

    switch (row.expected()) {
      case ALLOWED -> {
        assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
        assertThat(response.path("warnings")).isEmpty();
        assertThat(auditLine(image).path("decision").asText()).isEqualTo("allowed");
      }
      case DENIED -> assertDeniedBy(response, image, row.name(), row.rule(), row.found());
      case WARNED -> {
        assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
        assertThat(response.path("warnings").get(0).asText())
            .startsWith("container app: " + image + ": policy " + row.name() + " (warn): ")
            .contains("(warn): " + row.rule() + ": expected ")
            .contains(", found " + row.found());
        assertThat(auditLine(image).path("decision").asText()).isEqualTo("warned");
      }
      case EXCLUDED -> {
        assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
        JsonNode audit = auditLine(image);
        assertThat(audit.path("decision").asText()).isEqualTo("allowed");
        assertThat(audit.path("excluded").get(0).asText())
            .isEqualTo(row.name() + ": exclude.registries: " + REGISTRY.address());
        assertThat(audit.path("reason").asText()).contains("excludes it");
      }
    }
  }

  @Test
  void thresholdTwoOfThreeDeniesOneSignerAndAllowsTheSameImageOnceASecondSigns() throws Exception {
    String repository = "table/" + THRESHOLD + "/app";
    push(repository, "1.0", 100);
    String image = REGISTRY.address() + "/" + repository + ":1.0";
    sign("alice", image);

    JsonNode oneSigner = validate(image);
    sign("carol", image);
    JsonNode twoSigners = validate(image);

    assertDeniedBy(oneSigner, image, THRESHOLD, "authorities", "signed by alice only");
    assertThat(twoSigners.path("allowed").asBoolean()).as(twoSigners.toString()).isTrue();
  }

  /** Sends a one-container Pod running {@code image}; returns the AdmissionReview's response. */
  private static JsonNode validate(String image) throws Exception {
    String uid = UUID.randomUUID().toString();
    WebhookClient.Answer answer =
        client.post(
            "/admission/validate",
            Reviews.of("pod-single.json", Map.of("IMAGE_MAIN", image, "UID", uid)));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode response = answer.response();
    assertThat(response.path("uid").asText()).isEqualTo(uid);
    return response;
  }

  private static void assertDeniedBy(
      JsonNode response, String image, String policy, String rule, String found) {
    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isFalse();
    assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
    assertThat(response.path("status").path("message").asText())
        .startsWith(
            "container app (image "
                + image
                + "): denied: policy "
                + policy
                + ": "
                + rule
                + ": expected ")
        .contains(", found " + found);
  }

  private static Path auditLog() {
    return dir.resolve("audit.log");
  }

  /** The last audit line about {@code image}. */
  private static JsonNode auditLine(String image) throws Exception {
    JsonNode found = null;
    for (String line : Files.readAllLines(auditLog())) {
      JsonNode entry = JSON.readTree(line);
      if (entry.path("image").asText().equals(image)) {
        found = entry;
      }
    }
    assertThat(found).as("an audit line for " + image).isNotNull();
    return found;
  }

  // ---- policies ----

  private static String policy(String name, String spec) {
    return """
        apiVersion: provenant.dev/v1
        kind: ImagePolicy
        metadata:
          name: %s
        spec:
          match:
            images: ["%s/table/%s/**"]
        %s"""
        .formatted(name, REGISTRY.address(), name, spec.indent(2));
  }

  private static String keyAuthorities(int threshold, String... names) {
    StringBuilder yaml =
        new StringBuilder("authorities:\n  threshold: " + threshold + "\n")
            .append("  requireTransparencyLog: false\n  keys:\n");
    for (String name : names) {
      yaml.append("    - name: ").append(name).append("\n      file: ");
      yaml.append(dir.resolve(name + ".pub")).append('\n');
    }
    return yaml.toString();
  }

  private static String keylessAuthority() {
    return "authorities:\n  requireTransparencyLog: false\n  keyless:\n"
        + "    - name: acme-ci\n      issuer: "
        + SigstoreMock.ISSUER
        + "\n      subjectRegExp: ^https://github.com/acme/\n";
  }

  // ---- evidence, made with the CLI's verbs ----

  private static Digest push(String repository, String tag, long seed) throws Exception {
    try (RegistryClient registry = registryClient()) {
      return TestImages.push(registry, repository, tag, seed, 64, Map.of()).manifest();
    }
  }

  private static RegistryClient registryClient() {
    return RegistryClient.builder(REGISTRY.address())
        .allowHttp(true)
        .credentials(Credentials.anonymous())
        .build();
  }

  private static void sign(String signer, String image) {
    CliResult signed =
        CliResult.runWithEnvironment(
            PASSWORD,
            "sign",
            "--key",
            dir.resolve(signer + ".key").toString(),
            "--allow-http-registry",
            image);
    assertThat(signed.exitCode()).as(signed.err()).isZero();
  }

  private static void attest(String signer, String type, String predicateJson, String image)
      throws Exception {
    PolicyEvidence.attestWithKey(
        dir, PASSWORD, dir.resolve(signer + ".key").toString(), type, predicateJson, image);
  }
}
