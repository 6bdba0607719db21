package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.signature.BundleAttachments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Evidence the policy tests attach to images: SLSA provenance from CI, SBOMs from sigstore-js. */
final class PolicyEvidence {
  static final String SOURCE_COMMIT = "ffac537e6cbbf934b08745a378932722df287a53";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PolicyEvidence() {}

  /**
   * The SLSA predicate {@code provenance generate} writes for {@code image} (a tag reference) at
   * {@code digest} in a GitHub Actions run of {@code repository}, built from {@link #SOURCE_COMMIT}
   * on refs/heads/main by .github/workflows/release.yml.
   */
  static String githubProvenance(Path dir, String repository, String image, String digest)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_EVENT_NAME", "push");
    env.put("GITHUB_REF", "refs/heads/main");
    env.put("GITHUB_REPOSITORY", repository);
    env.put("GITHUB_REPOSITORY_ID", "1");
    env.put("GITHUB_REPOSITORY_OWNER_ID", "2");
    env.put("GITHUB_RUN_ATTEMPT", "1");
    env.put("GITHUB_RUN_ID", "1658821493");
    env.put("GITHUB_SERVER_URL", "https://github.com");
    env.put("GITHUB_SHA", SOURCE_COMMIT);
    env.put("GITHUB_WORKFLOW_REF", repository + "/.github/workflows/release.yml@refs/heads/main");
    env.put("RUNNER_ENVIRONMENT", "github-hosted");
    Path statement = Files.createTempFile(dir, "provenance", ".json");
    String pinned = image.substring(0, image.lastIndexOf(':')) + "@" + digest;
    CliResult generated =
        CliResult.runWithEnvironment(
            env, "provenance", "generate", "--subject", pinned, "--output", statement.toString());
    assertThat(generated.exitCode()).as(generated.err()).isZero();
    return JSON.readTree(statement.toFile()).path("predicate").toString();
  }

  /**
   * Signs {@code reference} keyless against the local Fulcio and TSA, for {@code subject}, with a
   * token whose GitHub claims the mock's Fulcio turns into certificate extensions: repository
   * acme/widget at {@code ref}, commit {@link #SOURCE_COMMIT}, workflow
   * .github/workflows/release.yml, a GitHub-hosted runner.
   */
  static void signFromBranch(SigstoreMock sigstore, String reference, String subject, String ref) {
    Map<String, Object> claims = new java.util.LinkedHashMap<>();
    claims.put("iss", SigstoreMock.ISSUER);
    claims.put("sub", subject);
    claims.put("repository", "acme/widget");
    claims.put("ref", ref);
    claims.put("sha", SOURCE_COMMIT);
    claims.put("job_workflow_ref", "acme/widget/.github/workflows/release.yml@" + ref);
    claims.put("runner_environment", "github-hosted");
    signKeyless(sigstore, reference, SigstoreMock.token(claims));
  }

  /** Signs {@code reference} keyless with {@code token}, timestamped by the mock's TSA. */
  static void signKeyless(SigstoreMock sigstore, String reference, String token) {
    CliResult signed =
        CliResult.run(
            CliResult.args(
                "sign",
                "--allow-http-registry",
                sigstore.keylessFlags(token, "--timestamp-server-url"),
                reference));
    assertThat(signed.exitCode()).as(signed.err()).isZero();
  }

  /**
   * A CycloneDX attestation made by sigstore-js ({@code attest()}, keyless for {@code identity}
   * against the local Fulcio and TSA) over a statement naming {@code subject}, stored as a bundle
   * referrer of {@code pinned} the way Provenant and cosign store them.
   */
  static void attachSigstoreJsSbom(
      SigstoreMock sigstore,
      Path dir,
      String registry,
      ImageReference pinned,
      Digest subject,
      String identity)
      throws Exception {
    String statement =
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"image\","
            + "\"digest\":{\"sha256\":\""
            + subject.hex()
            + "\"}}],\"predicateType\":\"https://cyclonedx.org/bom\","
            + "\"predicate\":{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}}";
    Path payload = Files.createTempFile(dir, "statement", ".json");
    Files.writeString(payload, statement);
    Path bundle = Files.createTempFile(dir, "sbom", ".sigstore.json");
    SigstoreMock.NodeResult attested =
        sigstore.sigstoreJs(
            "attest",
            "--payload",
            payload.toString(),
            "--payload-type",
            "application/vnd.in-toto+json",
            "--out",
            bundle.toString(),
            "--fulcio",
            sigstore.url().toString(),
            "--tsa",
            sigstore.url().toString(),
            "--token",
            SigstoreMock.token(Map.of("iss", SigstoreMock.ISSUER, "sub", identity)));
    assertThat(attested.exitCode()).as(attested.out()).isZero();
    try (RegistryClient client = RegistryClient.builder(registry).allowHttp(true).build()) {
      BundleAttachments.attachDsse(
          client, pinned, Files.readAllBytes(bundle), "https://cyclonedx.org/bom");
    }
  }

  /**
   * Attests {@code image} with a cosign key file, as {@code provenant attest --key} does; the
   * predicate is written to a file in {@code dir} first.
   *
   * @param environment holds the key's password ({@code COSIGN_PASSWORD})
   */
  static void attestWithKey(
      Path dir,
      Map<String, String> environment,
      String keyFile,
      String type,
      String predicateJson,
      String image)
      throws Exception {
    Path predicate = Files.createTempFile(dir, "predicate", ".json");
    Files.writeString(predicate, predicateJson);
    CliResult attested =
        CliResult.runWithEnvironment(
            environment,
            "attest",
            "--key",
            keyFile,
            "--type",
            type,
            "--predicate",
            predicate.toString(),
            "--allow-http-registry",
            image);
    assertThat(attested.exitCode()).as(attested.err()).isZero();
  }
}
