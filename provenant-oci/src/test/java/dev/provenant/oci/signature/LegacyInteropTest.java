package dev.provenant.oci.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SigningKey;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.verification.Signer;
import dev.provenant.core.verification.VerificationReport;
import dev.provenant.oci.registry.BlobContent;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.testing.ExternalTools;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provenant reads signatures other producers wrote (a manifest built by hand from SIGNATURE_SPEC,
 * signed by openssl), and skopeo reads the layout Provenant writes.
 */
class LegacyInteropTest {
  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  private RegistryClient client;

  @BeforeEach
  void connect() {
    client = SignatureFixtures.client(REGISTRY.address());
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  @Test
  void verifiesASignatureManifestBuiltByHandFromTheSpecAndSignedByOpenssl(@TempDir Path dir)
      throws Exception {
    Digest image = TestImages.push(client, "interop/hand", "v1", 11, 64, Map.of()).manifest();
    Path key = dir.resolve("key.pem");
    ExternalTools.run(
        List.of(
            "openssl",
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            key.toString()));
    String publicPem =
        ExternalTools.run(List.of("openssl", "ec", "-in", key.toString(), "-pubout"));
    PublicKey publicKey = PublicKeys.parsePem(publicPem);
    // The payload as the spec shows it, spaced and with an optional claim of another type.
    String payloadText =
        "{\n"
            + "    \"critical\": {\n"
            + "           \"identity\": {\"docker-reference\": \"testing/manifest\"},\n"
            + "           \"image\": {\"docker-manifest-digest\": \""
            + image
            + "\"},\n"
            + "           \"type\": \"cosign container image signature\"\n"
            + "    },\n"
            + "    \"optional\": {\"creator\": \"atomic\", \"timestamp\": 1458239713}\n"
            + "}\n";
    Path payloadFile = dir.resolve("payload.json");
    Files.writeString(payloadFile, payloadText, StandardCharsets.UTF_8);
    byte[] signature =
        ExternalTools.runBytes(
            List.of("openssl", "dgst", "-sha256", "-sign", key.toString(), payloadFile.toString()));
    byte[] payload = Files.readAllBytes(payloadFile);
    Digest payloadDigest = Digest.sha256(payload);
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    Digest configDigest = Digest.sha256(config);
    String manifest =
        """
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.oci.image.manifest.v1+json",
          "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "size": %d,
            "digest": "%s"
          },
          "layers": [
            {
              "mediaType": "application/vnd.dev.cosign.simplesigning.v1+json",
              "size": %d,
              "digest": "%s",
              "annotations": {
                "dev.cosignproject.cosign/signature": "%s"
              }
            }
          ]
        }
        """
            .formatted(
                config.length,
                configDigest,
                payload.length,
                payloadDigest,
                Base64.getEncoder().encodeToString(signature));
    client.pushBlob("interop/hand", payloadDigest, payload.length, BlobContent.of(payload));
    client.pushBlob("interop/hand", configDigest, config.length, BlobContent.of(config));
    client.pushManifest(
        "interop/hand",
        "sha256-" + image.hex() + ".sig",
        manifest.getBytes(StandardCharsets.UTF_8),
        "application/vnd.oci.image.manifest.v1+json");

    ImageReference reference =
        ImageReference.parse(REGISTRY.address() + "/interop/hand:v1@" + image);
    VerificationReport report =
        LegacyVerifier.verify(client, reference, image, List.of(publicKey), null);

    assertThat(report.verified()).isTrue();
    assertThat(report.verdicts().getFirst().signer())
        .isEqualTo(Signer.key(PublicKeys.fingerprint(publicKey)));
  }

  @Test
  void aSignatureCopiedBySkopeoWithSigstoreAttachmentsStillVerifies(@TempDir Path dir)
      throws Exception {
    Digest digest =
        TestImages.skopeoPush(REGISTRY.address(), "interop/source", "v1", Map.of("app", "x"));
    ImageReference source =
        ImageReference.parse(REGISTRY.address() + "/interop/source:v1@" + digest);
    SigningKey key = SigningKey.generateEcP256();
    LegacySigner.sign(client, source, key, Map.of("build", "7"), null);
    Path registriesD = Files.createDirectories(dir.resolve("registries.d"));
    // containers-registries.d(5): read and write cosign's .sig attachments for every registry.
    Files.writeString(
        registriesD.resolve("default.yaml"),
        "default-docker:\n  use-sigstore-attachments: true\n",
        StandardCharsets.UTF_8);

    ExternalTools.skopeoCopy(
        "docker://" + REGISTRY.address() + "/interop/source:v1",
        "docker://" + REGISTRY.address() + "/interop/copy:v1",
        "--all",
        "--registries.d",
        registriesD.toString());

    ImageReference copy = ImageReference.parse(REGISTRY.address() + "/interop/copy:v1@" + digest);
    assertThat(client.listTags("interop/copy")).contains("sha256-" + digest.hex() + ".sig");
    VerificationReport report =
        LegacyVerifier.verify(client, copy, digest, List.of(key.publicKey()), null);
    assertThat(report.verified()).isTrue();
    assertThat(report.verdicts().getFirst().source())
        .isEqualTo("tag sha256-" + digest.hex() + ".sig, layer 1");
  }
}
