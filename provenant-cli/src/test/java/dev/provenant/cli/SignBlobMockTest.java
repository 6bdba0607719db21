package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleParser;
import dev.provenant.core.bundle.BundleSigningException;
import dev.provenant.core.bundle.BundleVerifier;
import dev.provenant.core.bundle.SigningMaterial;
import dev.provenant.core.bundle.VerificationKey;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.InTotoStatement;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.sigstore.CertificatePolicy;
import dev.provenant.sigstore.FulcioCertificateChecker;
import dev.provenant.sigstore.signing.SigstoreBundleSigner;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code provenant sign-blob} against a real local Sigstore (Fulcio, Rekor v1, a timestamp
 * authority), each bundle then verified by {@code provenant verify-blob} with the mock's trusted
 * root: keyless with a log entry or a timestamp, keyed with and without a log entry, and the
 * refusals.
 */
class SignBlobMockTest {
  @RegisterExtension static final SigstoreMock SIGSTORE = new SigstoreMock();

  static final String SUBJECT =
      "https://github.com/provenant/app/.github/workflows/release.yml@refs/heads/main";
  static final Map<String, String> PASSWORD = Map.of("COSIGN_PASSWORD", "test-password");

  @TempDir Path dir;
  Path artifact;

  @BeforeEach
  void writeArtifact() throws Exception {
    artifact = dir.resolve("app.tar.gz");
    Files.writeString(artifact, "the release artifact\n");
  }

  @Test
  void keylessWithRekorVerifiesWithTheMocksTrustedRoot() throws Exception {
    Path bundle = dir.resolve("app.sigstore.json");

    CliResult signed =
        sign(
            SIGSTORE.keylessFlags(SigstoreMock.tokenForSubject(SUBJECT), "--rekor-url"),
            "--bundle",
            bundle.toString(),
            artifact.toString());

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    assertThat(signed.out()).contains("Wrote " + bundle).contains("Logged at index");
    assertThat(signed.err()).isEmpty();
    Bundle parsed = BundleParser.parse(Files.readAllBytes(bundle));
    assertThat(parsed.mediaType().value())
        .isEqualTo("application/vnd.dev.sigstore.bundle.v0.3+json");
    assertThat(parsed.signingMaterial()).isInstanceOf(SigningMaterial.CertificateChain.class);
    assertThat(parsed.tlogEntries())
        .singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo("hashedrekord"));

    CliResult verified = verifyKeyless(bundle, SUBJECT, SigstoreMock.ISSUER);
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out()).contains("signed-entry-timestamp").contains("inclusion-proof");
  }

  @Test
  void keylessWithATimestampAuthorityAndATokenFileVerifiesWithInsecureIgnoreTlog()
      throws Exception {
    Path bundle = dir.resolve("app.sigstore.json");
    Path token = dir.resolve("token");
    Files.writeString(
        token, SigstoreMock.tokenForSubject("https://ci.provenant.test/alice") + "\n");

    CliResult signed =
        sign(
            SIGSTORE.keylessFlags("@" + token, "--timestamp-server-url"),
            "--bundle",
            bundle.toString(),
            artifact.toString());

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    Bundle parsed = BundleParser.parse(Files.readAllBytes(bundle));
    assertThat(parsed.tlogEntries()).isEmpty();
    assertThat(parsed.rfc3161Timestamps()).hasSize(1);

    // As with cosign, a bundle with no log entry needs --insecure-ignore-tlog; the timestamp is
    // then the verified signing time the certificate needs.
    CliResult strict =
        verifyKeyless(bundle, "https://ci.provenant.test/alice", SigstoreMock.ISSUER);
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.err()).contains("the bundle has no transparency log entry");
    CliResult verified =
        verifyKeyless(
            bundle,
            "https://ci.provenant.test/alice",
            SigstoreMock.ISSUER,
            "--insecure-ignore-tlog");
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out())
        .contains("RFC 3161 timestamp")
        .contains("within the certificate's validity");
  }

  @Test
  void keylessWithRekorAndATimestampCarriesBoth() throws Exception {
    Path bundle = dir.resolve("app.sigstore.json");

    CliResult signed =
        sign(
            "--output",
            "json",
            "--identity-token",
            SigstoreMock.tokenForSubject(SUBJECT),
            "--fulcio-url",
            url(),
            "--rekor-url",
            url(),
            "--timestamp-server-url",
            url(),
            "--bundle",
            bundle.toString(),
            artifact.toString());

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(signed.out());
    assertThat(json.path("bundle").asText()).isEqualTo(bundle.toString());
    assertThat(json.path("digest").asText())
        .isEqualTo(Digest.sha256(Files.readAllBytes(artifact)).toString());
    assertThat(json.path("signer").asText()).isEqualTo("keyless");
    assertThat(json.path("transparencyLog").asBoolean()).isTrue();
    assertThat(json.path("timestamps").asInt()).isEqualTo(1);
    CliResult verified = verifyKeyless(bundle, SUBJECT, SigstoreMock.ISSUER);
    assertThat(verified.exitCode()).as(verified.out()).isZero();
  }

  @Test
  void aWrongIdentityIsRejectedWithTheReason() throws Exception {
    Path bundle = signKeylessWithRekor("app.sigstore.json");

    CliResult wrongIdentity = verifyKeyless(bundle, "mallory@provenant.test", SigstoreMock.ISSUER);
    CliResult wrongIssuer = verifyKeyless(bundle, SUBJECT, "https://accounts.google.com");

    assertThat(wrongIdentity.exitCode()).isEqualTo(1);
    assertThat(wrongIdentity.err())
        .contains("not verified")
        .contains(SUBJECT)
        .contains("mallory@provenant.test");
    assertThat(wrongIssuer.exitCode()).isEqualTo(1);
    assertThat(wrongIssuer.err()).contains("OIDC issuer is");
  }

  @Test
  void keylessWithoutALogOrTimestampIsRefusedBeforeAnythingIsSent() {
    CliResult result =
        sign(
            SIGSTORE.keylessFlags(SigstoreMock.tokenForSubject(SUBJECT)),
            "--bundle",
            dir.resolve("b.json").toString(),
            artifact.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("keyless signing needs --rekor-url or --timestamp-server-url");
    assertThat(dir.resolve("b.json")).doesNotExist();
  }

  @Test
  void keyedWithoutRekorNeedsInsecureIgnoreTlogToVerify() throws Exception {
    Path key = keyPair();
    Path bundle = dir.resolve("app.sigstore.json");

    CliResult signed =
        sign("--key", key + ".key", "--bundle", bundle.toString(), artifact.toString());

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    assertThat(signed.err())
        .contains("no transparency log entry")
        .contains("--insecure-ignore-tlog");
    CliResult insecure = verifyKeyed(bundle, key, "--insecure-ignore-tlog");
    assertThat(insecure.exitCode()).as(insecure.out()).isZero();
    CliResult strict = verifyKeyed(bundle, key);
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.err()).contains("the bundle has no transparency log entry");
  }

  @Test
  void keyedWithRekorVerifiesWithoutTheInsecureFlag() throws Exception {
    Path key = keyPair();
    Path bundle = dir.resolve("app.sigstore.json");

    CliResult signed =
        sign(
            "--key",
            key + ".key",
            "--rekor-url",
            url(),
            "--bundle",
            bundle.toString(),
            artifact.toString());

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    assertThat(signed.err()).isEmpty();
    assertThat(BundleParser.parse(Files.readAllBytes(bundle)).signingMaterial())
        .isInstanceOf(SigningMaterial.PublicKeyHint.class);
    CliResult verified = verifyKeyed(bundle, key);
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
  }

  @Test
  void anUnreachableFulcioIsExitCodeThreeNamingTheService() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    CliResult result =
        sign(
            "--identity-token",
            SigstoreMock.tokenForSubject(SUBJECT),
            "--fulcio-url",
            "http://127.0.0.1:" + closed,
            "--rekor-url",
            url(),
            "--bundle",
            dir.resolve("b.json").toString(),
            artifact.toString());

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err())
        .contains(
            "Fulcio at http://127.0.0.1:" + closed + "/api/v2/signingCert could not be reached");
    assertThat(dir.resolve("b.json")).doesNotExist();
  }

  @Test
  void aRefusedTokenIsAnErrorWithFulciosAnswer() throws Exception {
    CliResult result =
        sign(
            SIGSTORE.keylessFlags("not-a-jwt", "--rekor-url"),
            "--bundle",
            dir.resolve("b.json").toString(),
            artifact.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("the identity token is unusable");
  }

  @Test
  void theLibrarySignsADsseStatementKeylessWithATimestamp() throws Exception {
    // DSSE through the TSA: the mock's Rekor v1 stores DSSE entries uncanonicalised (its README).
    byte[] content = Files.readAllBytes(artifact);
    String statement =
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"app.tar.gz\","
            + "\"digest\":{\"sha256\":\""
            + Digest.sha256(content).hex()
            + "\"}}],\"predicateType\":\"https://provenant.dev/test\",\"predicate\":{}}";
    SigstoreBundleSigner signer =
        SigstoreBundleSigner.builder()
            .keyless(SigstoreMock.tokenForSubject(SUBJECT), SIGSTORE.url())
            .timestampAuthority(SIGSTORE.url())
            .build();

    Bundle bundle =
        signer.signDsse(InTotoStatement.PAYLOAD_TYPE, statement.getBytes(StandardCharsets.UTF_8));

    TrustedRoot root = TrustedRoot.parse(Files.readAllBytes(SIGSTORE.trustedRoot()));
    SignatureVerdict verdict =
        new BundleVerifier(root, Clock.systemUTC())
            .ignoringMissingTransparencyLog()
            .verify(bundle, "dsse", content, keyless(root, SUBJECT));
    assertThat(verdict.checks())
        .filteredOn(c -> c.name().equals("signature"))
        .allMatch(c -> c.passed());
    assertThat(verdict.checks())
        .filteredOn(c -> c.name().equals("artifact-digest"))
        .allMatch(c -> c.passed());
    assertThat(verdict.checks())
        .filteredOn(c -> c.name().equals("timestamp"))
        .allMatch(c -> c.passed());
  }

  @Test
  void theBuilderRefusesKeylessWithoutEvidenceOfTime() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SigstoreBundleSigner.builder().keyless("t", SIGSTORE.url()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("keyless signing needs a transparency log (Rekor) or a timestamp");
  }

  @Test
  void theLibraryReportsAnUnreachableRekorAsUnreachable() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    SigstoreBundleSigner signer =
        SigstoreBundleSigner.builder()
            .key(dev.provenant.core.keys.SigningKey.generateEcP256())
            .rekor(URI.create("http://127.0.0.1:" + closed))
            .build();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> signer.signArtifact(new byte[] {1}))
        .isInstanceOfSatisfying(
            BundleSigningException.class, e -> assertThat(e.unreachable()).isTrue())
        .hasMessageContaining("Rekor at http://127.0.0.1:" + closed + "/api/v1/log/entries");
  }

  // ---- helpers shared with the other mock-backed tests ----

  static VerificationKey keyless(TrustedRoot root, String identity) {
    return new VerificationKey.Keyless(
        new FulcioCertificateChecker(
            root,
            CertificatePolicy.builder()
                .identity(CertificatePolicy.Matcher.exact(identity))
                .issuer(CertificatePolicy.Matcher.exact(SigstoreMock.ISSUER))
                .build()));
  }

  private String url() {
    return SIGSTORE.url().toString();
  }

  private Path signKeylessWithRekor(String name) {
    Path bundle = dir.resolve(name);
    CliResult signed =
        sign(
            SIGSTORE.keylessFlags(SigstoreMock.tokenForSubject(SUBJECT), "--rekor-url"),
            "--bundle",
            bundle.toString(),
            artifact.toString());
    assertThat(signed.exitCode()).as(signed.err()).isZero();
    return bundle;
  }

  /** {@code sign-blob} with keyless flags ({@link SigstoreMock#keylessFlags}) and more. */
  static CliResult sign(List<String> keyless, String... args) {
    List<String> all = new ArrayList<>(keyless);
    all.addAll(List.of(args));
    return sign(all.toArray(String[]::new));
  }

  static CliResult sign(String... args) {
    List<String> all = new ArrayList<>(List.of("sign-blob"));
    all.addAll(List.of(args));
    return CliResult.runWithEnvironment(PASSWORD, all.toArray(String[]::new));
  }

  private CliResult verifyKeyless(Path bundle, String identity, String issuer, String... extra) {
    return verifyKeylessBlob(SIGSTORE, bundle, artifact, identity, issuer, extra);
  }

  static CliResult verifyKeylessBlob(
      SigstoreMock sigstore,
      Path bundle,
      Path artifact,
      String identity,
      String issuer,
      String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify-blob",
                "--bundle",
                bundle.toString(),
                "--trusted-root",
                sigstore.trustedRoot().toString(),
                "--certificate-identity",
                identity,
                "--certificate-oidc-issuer",
                issuer));
    args.addAll(List.of(extra));
    args.add(artifact.toString());
    return CliResult.run(args.toArray(String[]::new));
  }

  private CliResult verifyKeyed(Path bundle, Path keyPrefix, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify-blob",
                "--bundle",
                bundle.toString(),
                "--trusted-root",
                SIGSTORE.trustedRoot().toString(),
                "--key",
                keyPrefix + ".pub"));
    args.addAll(List.of(extra));
    args.add(artifact.toString());
    return CliResult.run(args.toArray(String[]::new));
  }

  private Path keyPair() {
    Path prefix = dir.resolve("cosign");
    CliResult generated =
        CliResult.runWithEnvironment(
            PASSWORD, "generate-key-pair", "--output-key-prefix", prefix.toString());
    assertThat(generated.exitCode()).as(generated.err()).isZero();
    return prefix;
  }
}
