package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keyless image signatures end to end: a certificate from a real local Fulcio, a timestamp from a
 * real local timestamp authority (the mock's Rekor v1 cannot log DSSE entries verifiably; see
 * tools/sigstore-mock), the bundle stored with the image in Debian's docker-registry, then found
 * and verified by identity and issuer against the mock's trusted root.
 */
class KeylessImageSigningTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBJECT =
      "https://github.com/provenant/app/.github/workflows/release.yml@refs/heads/main";

  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();
  @RegisterExtension static final SigstoreMock SIGSTORE = new SigstoreMock();

  @Test
  void keylessImageSignatureVerifiesByIdentityAndIssuer() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "keyless/app", "v1", Map.of());
    String reference = REGISTRY.address() + "/keyless/app:v1";

    CliResult signed = signKeyless(reference);
    // Timestamped, not logged: cosign and Provenant then accept it only when told to.
    CliResult strict = verify(reference, SUBJECT, SigstoreMock.ISSUER);
    CliResult verified = verify(reference, SUBJECT, SigstoreMock.ISSUER, "--insecure-ignore-tlog");

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    assertThat(signed.out()).contains("Pushed Sigstore bundle for " + reference + "@" + image);
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.out()).contains("the bundle has no transparency log entry");
    assertThat(verified.exitCode()).as(verified.out()).isZero();
    JsonNode verdict = JSON.readTree(verified.out()).path("signatures").get(0);
    assertThat(verdict.path("signer").path("kind").asText()).isEqualTo("certificate");
    assertThat(verdict.path("signer").path("identity").asText()).isEqualTo(SUBJECT);
    assertThat(verdict.path("checks").findValuesAsText("name"))
        .contains("signature", "artifact-digest", "timestamp", "signing-time", "predicate-type");
    assertSignedJustNow(verdict);
  }

  /** The verified RFC 3161 time is the signature's signedAt; the mock TSA stamps the real time. */
  private static void assertSignedJustNow(JsonNode verdict) {
    assertThat(verdict.has("signedAt")).as(verdict.toString()).isTrue();
    assertThat(java.time.Instant.parse(verdict.path("signedAt").asText()))
        .isBetween(
            java.time.Instant.now().minus(java.time.Duration.ofMinutes(10)),
            java.time.Instant.now().plus(java.time.Duration.ofMinutes(1)));
  }

  @Test
  void wrongIdentityOrIssuerIsRejectedWithTheReason() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "keyless/other", "v1", Map.of());
    String reference = REGISTRY.address() + "/keyless/other:v1";
    signKeyless(reference);

    CliResult wrongIdentity =
        verify(reference, "https://github.com/mallory/app", SigstoreMock.ISSUER);
    CliResult wrongIssuer = verify(reference, SUBJECT, "https://issuer.example");

    assertThat(wrongIdentity.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(wrongIdentity.out()).path("signatures").get(0).path("reason").asText())
        .contains("mallory");
    assertThat(wrongIssuer.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(wrongIssuer.out()).path("signatures").get(0).path("reason").asText())
        .contains("issuer");
  }

  @Test
  void keylessLegacySignatureWithATimestampVerifiesOnlyWithInsecureIgnoreTlog() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "keyless/tsa", "v1", Map.of());
    String reference = REGISTRY.address() + "/keyless/tsa:v1";

    CliResult signed = signKeylessLegacy(reference);
    CliResult strict = verify(reference, SUBJECT, SigstoreMock.ISSUER);
    CliResult verified = verify(reference, SUBJECT, SigstoreMock.ISSUER, "--insecure-ignore-tlog");

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    assertThat(signed.out()).contains("sha256-" + image.hex() + ".sig");
    Map<String, String> annotations = layerAnnotations("keyless/tsa", image).getFirst();
    assertThat(annotations)
        .containsKeys("dev.sigstore.cosign/certificate", "dev.sigstore.cosign/rfc3161timestamp")
        .doesNotContainKey("dev.sigstore.cosign/bundle");
    assertThat(JSON.readTree(annotations.get("dev.sigstore.cosign/rfc3161timestamp")).fieldNames())
        .toIterable()
        .containsExactly("SignedRFC3161Timestamp");
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(strict.out()).path("signatures").get(0).path("reason").asText())
        .contains("no transparency log entry");
    assertThat(verified.exitCode()).as(verified.out()).isZero();
    JsonNode verdict = JSON.readTree(verified.out()).path("signatures").get(0);
    assertThat(verdict.path("signer").path("identity").asText()).isEqualTo(SUBJECT);
    assertThat(verdict.path("checks").findValuesAsText("name"))
        .contains("signature", "payload-digest", "timestamp", "signing-time");
    assertSignedJustNow(verdict);
  }

  @Test
  void timestampOfAnotherSignatureIsRejected() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "keyless/swap", "v1", Map.of());
    String reference = REGISTRY.address() + "/keyless/swap:v1";
    assertThat(signKeylessLegacy(reference).exitCode()).isZero();
    assertThat(signKeylessLegacy(reference, "-a", "run=2").exitCode()).isZero();
    String tag = "sha256-" + image.hex() + ".sig";
    LegacyLayerTampering.swapAnnotation(
        REGISTRY.address(), "keyless/swap", tag, "dev.sigstore.cosign/rfc3161timestamp");

    CliResult verified = verify(reference, SUBJECT, SigstoreMock.ISSUER, "--insecure-ignore-tlog");

    assertThat(verified.exitCode()).isEqualTo(1);
    JsonNode signatures = JSON.readTree(verified.out()).path("signatures");
    assertThat(signatures).hasSize(2);
    for (JsonNode verdict : signatures) {
      assertThat(verdict.path("reason").asText())
          .contains("the timestamp is over other data than this signature");
    }
  }

  @Test
  void cosignV2KeylessLegacySignatureVerifiesByIdentityWithItsRekorEntry() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "keyless/legacy", "v1", Map.of());
    String reference = REGISTRY.address() + "/keyless/legacy:v1";
    pushKeylessLegacySignature(image, "keyless/legacy", reference);

    CliResult verified = verify(reference, SUBJECT, SigstoreMock.ISSUER);
    CliResult wrongIdentity =
        verify(reference, "https://github.com/mallory/app", SigstoreMock.ISSUER);

    assertThat(verified.exitCode()).as(verified.out()).isZero();
    JsonNode verdict = JSON.readTree(verified.out()).path("signatures").get(0);
    assertThat(verdict.path("source").asText()).startsWith("tag sha256-" + image.hex() + ".sig");
    assertThat(verdict.path("signer").path("identity").asText()).isEqualTo(SUBJECT);
    assertThat(verdict.path("checks").findValuesAsText("name"))
        .contains("signature", "payload-digest", "transparency-log", "signing-time");
    assertThat(wrongIdentity.exitCode()).isEqualTo(1);
  }

  @Test
  void provenantSignsKeylessLegacySignaturesWithARekorEntryThatVerify() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "keyless/own", "v1", Map.of());
    String reference = REGISTRY.address() + "/keyless/own:v1";

    CliResult signed =
        CliResult.runWithEnvironment(
            Map.of(),
            CliResult.args(
                "sign",
                "--allow-http-registry",
                "--format",
                "legacy",
                SIGSTORE.keylessFlags(SigstoreMock.tokenForSubject(SUBJECT), "--rekor-url"),
                reference));
    CliResult verified = verify(reference, SUBJECT, SigstoreMock.ISSUER);

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    assertThat(signed.out()).contains("sha256-" + image.hex() + ".sig");
    assertThat(verified.exitCode()).as(verified.out()).isZero();
  }

  @Test
  void keyedLegacySignatureLoggedInRekorVerifiesWithoutInsecureIgnoreTlog(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "keyed/logged", "v1", Map.of());
    String reference = REGISTRY.address() + "/keyed/logged:v1";
    Map<String, String> password = Map.of("COSIGN_PASSWORD", "pw");
    String prefix = dir.resolve("k").toString();
    assertThat(
            CliResult.runWithEnvironment(
                    password, "generate-key-pair", "--output-key-prefix", prefix)
                .exitCode())
        .isZero();

    CliResult signed =
        CliResult.runWithEnvironment(
            password,
            "sign",
            "--allow-http-registry",
            "--format",
            "legacy",
            "--key",
            prefix + ".key",
            "--rekor-url",
            SIGSTORE.url().toString(),
            reference);
    CliResult verified =
        CliResult.runWithEnvironment(
            Map.of(),
            "verify",
            "--allow-http-registry",
            "--trusted-root",
            SIGSTORE.trustedRoot().toString(),
            "--key",
            prefix + ".pub",
            reference);
    CliResult untrustedRoot =
        CliResult.runWithEnvironment(
            Map.of(), "verify", "--allow-http-registry", "--key", prefix + ".pub", reference);

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    assertThat(verified.exitCode()).as(verified.out()).isZero();
    assertThat(verified.out()).contains("[ok] transparency-log: logged as entry");
    assertThat(untrustedRoot.exitCode()).isEqualTo(1);
    assertThat(untrustedRoot.out()).contains("which the trusted root does not trust");
  }

  @Test
  void keylessLegacySignatureWithoutItsRekorEntryIsRejected() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "keyless/nolog", "v1", Map.of());
    String reference = REGISTRY.address() + "/keyless/nolog:v1";
    pushKeylessLegacySignature(image, "keyless/nolog", reference, false);

    CliResult verified = verify(reference, SUBJECT, SigstoreMock.ISSUER, "--insecure-ignore-tlog");

    assertThat(verified.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(verified.out()).path("signatures").get(0).path("reason").asText())
        .contains("no transparency log entry");
  }

  private void pushKeylessLegacySignature(Digest image, String repository, String reference)
      throws Exception {
    pushKeylessLegacySignature(image, repository, reference, true);
  }

  /**
   * Writes the layer cosign v2 writes for {@code cosign sign} keyless: the simple-signing payload,
   * the signature, the Fulcio certificate and the Rekor bundle annotation. The certificate and the
   * Rekor entry come from the real local Fulcio and Rekor, through {@code sign-blob} over the
   * payload; the manifest is built here from cosign's SIGNATURE_SPEC.
   */
  private void pushKeylessLegacySignature(
      Digest image, String repository, String reference, boolean withLogEntry) throws Exception {
    byte[] payload =
        dev.provenant.core.signature.SimpleSigningPayload.forImage(
                dev.provenant.core.reference.ImageReference.parse(reference).withDigest(image),
                Map.of())
            .toJson();
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("keyless-legacy");
    java.nio.file.Path payloadFile =
        java.nio.file.Files.write(dir.resolve("payload.json"), payload);
    java.nio.file.Path bundleFile = dir.resolve("payload.sigstore.json");
    CliResult signed =
        CliResult.runWithEnvironment(
            Map.of(),
            CliResult.args(
                "sign-blob",
                SIGSTORE.keylessFlags(SigstoreMock.tokenForSubject(SUBJECT), "--rekor-url"),
                "--bundle",
                bundleFile.toString(),
                payloadFile.toString()));
    assertThat(signed.exitCode()).as(signed.err()).isZero();
    var bundle =
        dev.provenant.core.bundle.BundleParser.parse(java.nio.file.Files.readAllBytes(bundleFile));
    var leaf =
        ((dev.provenant.core.bundle.SigningMaterial.CertificateChain) bundle.signingMaterial())
            .leaf();
    var entry = bundle.tlogEntries().getFirst();
    var encoder = java.util.Base64.getEncoder();
    var annotations = JSON.createObjectNode();
    annotations.put(
        "dev.cosignproject.cosign/signature",
        encoder.encodeToString(bundle.messageSignature().signature()));
    annotations.put(
        "dev.sigstore.cosign/certificate",
        "-----BEGIN CERTIFICATE-----\n"
            + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(leaf.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    if (withLogEntry) {
      var rekorBundle = JSON.createObjectNode();
      rekorBundle.put("SignedEntryTimestamp", encoder.encodeToString(entry.set().orElseThrow()));
      var rekorPayload = rekorBundle.putObject("Payload");
      rekorPayload.put("body", encoder.encodeToString(entry.canonicalizedBody()));
      rekorPayload.put("integratedTime", entry.integratedTime());
      rekorPayload.put("logIndex", entry.logIndex());
      rekorPayload.put("logID", java.util.HexFormat.of().formatHex(entry.logId()));
      annotations.put("dev.sigstore.cosign/bundle", rekorBundle.toString());
    }
    byte[] config = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Digest configDigest = Digest.sha256(config);
    Digest payloadDigest = Digest.sha256(payload);
    var manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    manifest
        .putObject("config")
        .put("mediaType", "application/vnd.oci.image.config.v1+json")
        .put("size", config.length)
        .put("digest", configDigest.toString());
    var layer = manifest.putArray("layers").addObject();
    layer.put("mediaType", "application/vnd.dev.cosign.simplesigning.v1+json");
    layer.put("size", payload.length);
    layer.put("digest", payloadDigest.toString());
    layer.set("annotations", annotations);
    try (var client =
        dev.provenant.oci.registry.RegistryClient.builder(REGISTRY.address())
            .allowHttp(true)
            .credentials(dev.provenant.oci.registry.Credentials.anonymous())
            .build()) {
      client.pushBlob(
          repository,
          payloadDigest,
          payload.length,
          dev.provenant.oci.registry.BlobContent.of(payload));
      client.pushBlob(
          repository,
          configDigest,
          config.length,
          dev.provenant.oci.registry.BlobContent.of(config));
      client.pushManifest(
          repository,
          "sha256-" + image.hex() + ".sig",
          JSON.writeValueAsBytes(manifest),
          "application/vnd.oci.image.manifest.v1+json");
    }
  }

  private static CliResult signKeylessLegacy(String reference, String... extra) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of("sign", "--allow-http-registry", "--format", "legacy"));
    args.addAll(
        SIGSTORE.keylessFlags(SigstoreMock.tokenForSubject(SUBJECT), "--timestamp-server-url"));
    args.addAll(java.util.List.of(extra));
    args.add(reference);
    return CliResult.runWithEnvironment(Map.of(), args.toArray(String[]::new));
  }

  private static dev.provenant.oci.registry.RegistryClient registryClient(String registry) {
    return dev.provenant.oci.registry.RegistryClient.builder(registry)
        .allowHttp(true)
        .credentials(dev.provenant.oci.registry.Credentials.anonymous())
        .build();
  }

  /** The annotations of each layer of the image's {@code .sig} manifest. */
  static java.util.List<Map<String, String>> layerAnnotations(String repository, Digest image)
      throws Exception {
    return layerAnnotations(REGISTRY.address(), repository, "sha256-" + image.hex() + ".sig");
  }

  /** The annotations of each layer of the manifest {@code tag} in {@code registry}. */
  static java.util.List<Map<String, String>> layerAnnotations(
      String registry, String repository, String tag) throws Exception {
    try (var client = registryClient(registry)) {
      JsonNode manifest = JSON.readTree(client.pullManifest(repository, tag).bytes());
      java.util.List<Map<String, String>> layers = new java.util.ArrayList<>();
      for (JsonNode layer : manifest.path("layers")) {
        layers.add(
            JSON.convertValue(
                layer.path("annotations"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {}));
      }
      return layers;
    }
  }

  private static CliResult signKeyless(String reference) {
    return CliResult.runWithEnvironment(
        Map.of(),
        CliResult.args(
            "sign",
            "--allow-http-registry",
            SIGSTORE.keylessFlags(SigstoreMock.tokenForSubject(SUBJECT), "--timestamp-server-url"),
            reference));
  }

  private static CliResult verify(
      String reference, String identity, String issuer, String... extra) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "verify",
                "--allow-http-registry",
                "-o",
                "json",
                "--trusted-root",
                SIGSTORE.trustedRoot().toString(),
                "--certificate-identity",
                identity,
                "--certificate-oidc-issuer",
                issuer));
    args.addAll(java.util.List.of(extra));
    args.add(reference);
    return CliResult.runWithEnvironment(Map.of(), args.toArray(String[]::new));
  }
}
