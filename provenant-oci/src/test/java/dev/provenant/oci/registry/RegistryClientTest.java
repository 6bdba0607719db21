package dev.provenant.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.provenant.core.digest.Digest;
import dev.provenant.oci.image.Descriptor;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.image.ImageConfig;
import dev.provenant.oci.image.ImageIndex;
import dev.provenant.oci.image.ImageManifest;
import dev.provenant.oci.image.ImageSource;
import dev.provenant.oci.image.ManifestParser;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.image.RawManifest;
import dev.provenant.oci.testing.ExternalTools;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import dev.provenant.oci.testing.TestImages.PushedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Pull, push, list and referrers against a real registry (distribution 2.8). */
class RegistryClientTest {
  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  private RegistryClient client;

  @BeforeEach
  void connect() {
    client =
        RegistryClient.builder(REGISTRY.address())
            .allowHttp(true)
            .credentials(Credentials.anonymous())
            .build();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  @Test
  void pullsWhatSkopeoPushedWithTheSameDigestAndVerifiedConfig() throws Exception {
    Digest pushed =
        TestImages.skopeoPush(
            REGISTRY.address(), "skopeo/app", "v1", Map.of("org.example.build", "42"));

    RawManifest raw = client.pullManifest("skopeo/app", "v1");

    assertThat(raw.digest()).isEqualTo(pushed);
    assertThat(raw.mediaType()).isIn(MediaTypes.MANIFEST_TYPES);
    ImageManifest manifest = (ImageManifest) raw.parse();
    byte[] config = client.pullBlob("skopeo/app", manifest.config().digest(), 1 << 20);
    ImageConfig parsed = ManifestParser.parseConfig(config, manifest.config().digest());
    assertThat(parsed.labels()).containsEntry("org.example.build", "42");
    assertThat(client.pullManifest("skopeo/app", pushed.toString()).bytes()).isEqualTo(raw.bytes());
    assertThat(client.headManifest("skopeo/app", "v1"))
        .contains(new ManifestHead(pushed, raw.mediaType(), raw.bytes().length));
  }

  @Test
  void streamsAVerifiedLayerThroughTheImageSourceAdapter() throws Exception {
    PushedImage image = TestImages.push(client, "provenant/stream", "v1", 7, 300_000, Map.of());
    try (ImageSource source = client.source("provenant/stream")) {
      assertThat(source.describe()).isEqualTo(REGISTRY.address() + "/provenant/stream");
      assertThat(source.manifest("v1").digest()).isEqualTo(image.manifest());
      try (InputStream in = source.openBlob(image.layer())) {
        assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(image.layer());
      }
    }
  }

  @Test
  void pushedImageIsReadableBySkopeoIncludingAChunkedLayer(@TempDir Path dir) throws Exception {
    // 9 MiB: over the 8 MiB monolithic limit, so the layer goes up in PATCH chunks.
    PushedImage image =
        TestImages.push(
            client, "provenant/pushed", "v1", 1, 9 * 1024 * 1024, Map.of("built-by", "provenant"));

    String reference = "docker://" + REGISTRY.address() + "/provenant/pushed:v1";
    String inspected =
        ExternalTools.run(List.of("skopeo", "inspect", "--tls-verify=false", reference));
    assertThat(inspected).contains("\"Digest\": \"" + image.manifest() + "\"");
    assertThat(inspected).contains("\"built-by\": \"provenant\"");
    ExternalTools.skopeoCopy(reference, "oci:" + dir.resolve("copy") + ":v1");
    assertThat(dir.resolve("copy/index.json")).exists();
    assertThat(client.blobExists("provenant/pushed", image.layer())).isTrue();
    assertThat(client.stats().requests()).isPositive();
  }

  @Test
  void pushingABlobTwiceSkipsTheUpload() throws Exception {
    byte[] blob = "twice".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(blob);
    client.pushBlob("provenant/twice", digest, blob.length, BlobContent.of(blob));
    long before = client.stats().requests();

    client.pushBlob("provenant/twice", digest, blob.length, BlobContent.of(blob));

    assertThat(client.stats().requests() - before).isEqualTo(1); // the HEAD only
  }

  @Test
  void pushesAChunkedBlobFromAFile(@TempDir Path dir) throws Exception {
    byte[] blob = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(3).nextBytes(blob);
    Path file = Files.write(dir.resolve("blob"), blob);
    Digest digest = Digest.sha256(blob);
    try (RegistryClient small =
        RegistryClient.builder(REGISTRY.address())
            .allowHttp(true)
            .credentials(Credentials.anonymous())
            .chunkSize(1024 * 1024)
            .build()) {
      small.pushBlob("provenant/chunks", digest, blob.length, BlobContent.of(file));
    }
    assertThat(client.pullBlob("provenant/chunks", digest, blob.length)).isEqualTo(blob);
  }

  @Test
  void refusesToPushContentThatDoesNotMatchItsDigest() {
    byte[] blob = "real".getBytes(StandardCharsets.UTF_8);
    Digest claimed = Digest.sha256("claimed".getBytes(StandardCharsets.UTF_8));

    RegistryException e =
        catchThrowableOfType(
            RegistryException.class,
            () -> client.pushBlob("provenant/liar", claimed, blob.length, BlobContent.of(blob)));

    assertThat(e.failure()).isEqualTo(Failure.INTEGRITY);
    assertThat(e.getMessage()).contains("not its declared digest");
  }

  @Test
  void mountsABlobFromAnotherRepository() throws Exception {
    PushedImage image = TestImages.push(client, "provenant/source", "v1", 2, 1000, Map.of());

    assertThat(client.mountBlob("provenant/target", image.layer(), "provenant/source")).isTrue();

    assertThat(client.blobExists("provenant/target", image.layer())).isTrue();
    Digest absent = Digest.sha256("nowhere".getBytes(StandardCharsets.UTF_8));
    assertThat(client.mountBlob("provenant/target", absent, "provenant/source")).isFalse();
  }

  @Test
  void listsTagsAndPagesThroughTheCatalog() throws Exception {
    PushedImage image = TestImages.push(client, "provenant/tags", "t0", 4, 100, Map.of());
    for (int i = 1; i < 25; i++) {
      client.pushManifest(
          "provenant/tags", "t" + i, image.manifestBytes(), MediaTypes.OCI_MANIFEST);
    }
    for (int i = 0; i < 3; i++) {
      TestImages.push(client, "catalog/repo" + i, "v1", 10 + i, 100, Map.of());
    }

    assertThat(client.listTags("provenant/tags")).hasSize(25).contains("t0", "t24");
    // distribution 2.8 paginates the catalog (not tag lists, see RegistryFailureTest): a page
    // of one makes every repository its own page.
    long before = client.stats().requests();
    List<String> catalog = client.catalog(1);
    assertThat(catalog).contains("catalog/repo0", "catalog/repo1", "catalog/repo2");
    assertThat(catalog).doesNotHaveDuplicates();
    assertThat(client.stats().requests() - before).isGreaterThanOrEqualTo(catalog.size());
    assertThat(client.catalog()).containsExactlyInAnyOrderElementsOf(catalog);
  }

  @Test
  void unknownTagIsNotFoundWithTheRegistryErrorCode() {
    RegistryException e =
        catchThrowableOfType(
            RegistryException.class, () -> client.pullManifest("provenant/none", "missing"));

    assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND);
    assertThat(e.httpStatus()).isEqualTo(404);
    assertThat(e.errorCode()).isPresent();
    assertThat(e.getMessage())
        .startsWith(REGISTRY.address() + "/provenant/none:missing: ")
        .contains("list the tags");
  }

  @Test
  void findManifestIsEmptyForAnUnknownTagOrRepositoryAndVerifiedOtherwise() throws Exception {
    PushedImage image = TestImages.push(client, "provenant/find", "v1", 7, 10, Map.of());

    assertThat(client.findManifest("provenant/find", "missing")).isEmpty();
    assertThat(client.findManifest("provenant/nothing-here", "v1")).isEmpty();
    assertThat(client.findManifest("provenant/find", "v1"))
        .get()
        .extracting(RawManifest::digest)
        .isEqualTo(image.manifest());
  }

  @Test
  void findManifestStillFailsWhenTheRegistryCannotBeRead() {
    RegistryClient closedPort =
        RegistryClient.builder("127.0.0.1:1")
            .allowHttp(true)
            .credentials(Credentials.anonymous())
            .maxAttempts(1)
            .build();

    assertThatThrownBy(() -> closedPort.findManifest("provenant/find", "v1"))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.failure()).isEqualTo(Failure.UNREACHABLE));
    closedPort.close();
  }

  @Test
  void unknownTagGivesAnEmptyHead() throws Exception {
    TestImages.push(client, "provenant/head", "v1", 5, 10, Map.of());
    assertThat(client.headManifest("provenant/head", "nope")).isEqualTo(Optional.empty());
  }

  @Test
  void findsReferrersThroughTheTagSchemaFallbackAndFiltersByArtifactType() throws Exception {
    PushedImage subject = TestImages.push(client, "provenant/signed", "v1", 6, 100, Map.of());
    assertThat(client.referrers("provenant/signed", subject.manifest(), null).manifests())
        .isEmpty();
    // distribution 2.8 checks that an index's children exist, so the referrers are real manifests.
    PushedImage sig = TestImages.push(client, "provenant/signed", "sig", 60, 10, Map.of());
    PushedImage bom = TestImages.push(client, "provenant/signed", "bom", 61, 10, Map.of());
    Descriptor signature =
        new Descriptor(
            MediaTypes.OCI_MANIFEST,
            sig.manifest(),
            sig.manifestBytes().length,
            Map.of(),
            null,
            "application/vnd.dev.sigstore.bundle.v0.3+json");
    Descriptor sbom =
        new Descriptor(
            MediaTypes.OCI_MANIFEST,
            bom.manifest(),
            bom.manifestBytes().length,
            Map.of(),
            null,
            "application/vnd.cyclonedx+json");

    client.addReferrerToFallbackIndex("provenant/signed", subject.manifest(), signature);
    client.addReferrerToFallbackIndex("provenant/signed", subject.manifest(), sbom);
    client.addReferrerToFallbackIndex("provenant/signed", subject.manifest(), signature);

    ImageIndex all = client.referrers("provenant/signed", subject.manifest(), null);
    assertThat(all.manifests())
        .extracting(Descriptor::digest)
        .containsExactly(signature.digest(), sbom.digest());
    ImageIndex sboms =
        client.referrers("provenant/signed", subject.manifest(), "application/vnd.cyclonedx+json");
    assertThat(sboms.manifests()).containsExactly(sbom);
    assertThat(client.listTags("provenant/signed")).contains("sha256-" + subject.manifest().hex());
  }

  @Test
  void registryWithoutTheReferrersApiIsAskedOnceThenOnlyTheFallbackTagIsRead() throws Exception {
    PushedImage subject = TestImages.push(client, "provenant/noapi", "v1", 7, 100, Map.of());
    long before = client.stats().requests();

    client.referrers("provenant/noapi", subject.manifest(), null);
    long first = client.stats().requests() - before;
    client.referrers("provenant/noapi", subject.manifest(), null);
    long second = client.stats().requests() - before - first;

    // API (404 from distribution 2.8) then fallback tag; afterwards the fallback tag only.
    assertThat(first).isEqualTo(2);
    assertThat(second).isEqualTo(1);
  }
}
