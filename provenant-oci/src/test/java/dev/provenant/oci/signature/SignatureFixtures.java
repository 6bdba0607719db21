package dev.provenant.oci.signature;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.reference.InvalidReferenceException;
import dev.provenant.core.signature.SimpleSigningPayload;
import dev.provenant.oci.image.Descriptor;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.registry.BlobContent;
import dev.provenant.oci.registry.Credentials;
import dev.provenant.oci.registry.RegistryClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds and pushes {@code .sig} manifests layer by layer, including the damaged ones. */
final class SignatureFixtures {
  private SignatureFixtures() {}

  /** One layer: the payload bytes and the base64 signature annotation. */
  record Layer(byte[] payload, String base64Signature) {}

  /**
   * A layer as {@link LegacySignatures#read} returns it, without a registry: the first layer of
   * {@code tag}, holding {@code blob}.
   */
  static LegacySignature readLayer(
      String tag, String mediaType, byte[] blob, Map<String, String> annotations) {
    try {
      Descriptor descriptor =
          new Descriptor(mediaType, Digest.sha256(blob), blob.length, annotations, null, null);
      return new LegacySignature(ImageReference.parse(tag), 1, descriptor, blob, null);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static RegistryClient client(String address) {
    return RegistryClient.builder(address)
        .allowHttp(true)
        .credentials(Credentials.anonymous())
        .build();
  }

  /** Pushes every payload and a {@code .sig} manifest listing them, tagged for {@code image}. */
  static Digest pushSignatures(RegistryClient client, ImageReference image, List<Layer> layers)
      throws Exception {
    return pushSignatures(client, image, layers, Map.of());
  }

  /** Like {@link #pushSignatures(RegistryClient, ImageReference, List)}, with extra annotations. */
  static Digest pushSignatures(
      RegistryClient client, ImageReference image, List<Layer> layers, Map<String, String> extra)
      throws Exception {
    return pushSignatures(client, image, layers, extra, SimpleSigningPayload.MEDIA_TYPE);
  }

  /** Pushes layers of {@code mediaType} carrying the signature and {@code extra} annotations. */
  static Digest pushSignatures(
      RegistryClient client,
      ImageReference image,
      List<Layer> layers,
      Map<String, String> extra,
      String mediaType)
      throws Exception {
    String repository = image.repository();
    List<Descriptor> descriptors = new ArrayList<>();
    for (Layer layer : layers) {
      Digest digest = Digest.sha256(layer.payload());
      client.pushBlob(repository, digest, layer.payload().length, BlobContent.of(layer.payload()));
      Map<String, String> annotations = new java.util.HashMap<>(extra);
      annotations.put(LegacySignature.SIGNATURE_ANNOTATION, layer.base64Signature());
      descriptors.add(
          new Descriptor(mediaType, digest, layer.payload().length, annotations, null, null));
    }
    byte[] config = SignatureManifestWriter.config(descriptors);
    Digest configDigest = Digest.sha256(config);
    client.pushBlob(repository, configDigest, config.length, BlobContent.of(config));
    byte[] manifest =
        SignatureManifestWriter.manifest(
            MediaTypes.OCI_MANIFEST,
            Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, config.length),
            descriptors,
            Map.of());
    return client.pushManifest(
        repository, CosignTags.signatureTag(image.digest()), manifest, MediaTypes.OCI_MANIFEST);
  }

  /** Unlinks a blob from a repository (the registry then answers BLOB_UNKNOWN for it). */
  static void deleteBlob(String address, String repository, Digest digest) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://" + address + "/v2/" + repository + "/blobs/" + digest))
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 202) {
        throw new IllegalStateException(
            "DELETE blob answered " + response.statusCode() + ": " + response.body());
      }
    }
  }
}
