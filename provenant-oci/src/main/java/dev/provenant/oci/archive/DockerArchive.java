package dev.provenant.oci.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.InvalidDigestException;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.reference.InvalidReferenceException;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.image.ImageSource;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.image.RawManifest;
import dev.provenant.oci.image.VerifyingInputStream;
import dev.provenant.oci.layout.LayoutIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * An image archive as {@code docker save} writes it: {@code manifest.json} listing each image's
 * config, tags and layer tars. Such an archive carries no registry manifest, so one is synthesised
 * per image, byte for byte as skopeo does for a {@code docker-archive:} source, so that the digest
 * Provenant reports is the one {@code skopeo inspect --raw} shows and {@code skopeo copy} pushes.
 *
 * <p>Newer Docker (25+) saves are also OCI layouts with the same {@code manifest.json}; they are
 * read the same way, through {@code manifest.json}.
 *
 * @see <a
 *     href="https://github.com/moby/moby/blob/master/image/spec/v1.2.md#combined-image-json--filesystem-changeset-format">the
 *     docker save format</a>
 */
public final class DockerArchive implements ImageSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_CONFIG_BYTES = 16L * 1024 * 1024;

  private final Path file;
  private final ArchiveFile archive;
  private final List<SavedImage> images;

  /** One image of {@code manifest.json}, with its synthesised manifest. */
  private record SavedImage(
      List<String> repoTags,
      Digest configDigest,
      TarEntry config,
      RawManifest manifest,
      Map<Digest, Layer> layers) {}

  /** A layer tar, named by its diff ID; {@code size} is uncompressed, as it is served. */
  private record Layer(TarEntry entry, long size, boolean gzip) {}

  private DockerArchive(Path file, ArchiveFile archive, List<SavedImage> images) {
    this.file = file;
    this.archive = archive;
    this.images = images;
  }

  /**
   * Opens the archive, reads {@code manifest.json} and every image's config, and synthesises the
   * manifests; {@link #close()} releases it.
   *
   * @throws ImageAccessException INVALID_INPUT when it is not a {@code docker save} archive or is
   *     inconsistent; NOT_FOUND when the file does not exist
   */
  public static DockerArchive open(Path tarFile) throws ImageAccessException {
    Objects.requireNonNull(tarFile, "tarFile");
    String where = "docker-archive:" + tarFile;
    ArchiveFile archive = ArchiveFile.open(tarFile, where);
    try {
      Optional<TarEntry> manifestJson = archive.file("manifest.json");
      if (manifestJson.isEmpty()) {
        String hint;
        if (archive.file("repositories").isPresent()) {
          hint =
              "it has only the legacy `repositories` file, as Docker before 1.10 wrote; save it"
                  + " again with a current Docker";
        } else if (archive.file("oci-layout").isPresent()) {
          hint = "it is an OCI layout; read it as oci-archive:" + tarFile;
        } else {
          hint = "is it a `docker save` archive?";
        }
        throw new ImageAccessException(
            Failure.INVALID_INPUT, where + " has no manifest.json; " + hint);
      }
      byte[] bytes =
          archive.read(manifestJson.get(), LayoutIndex.MAX_DOCUMENT_BYTES, "manifest.json");
      JsonNode root;
      try {
        root = JSON.readTree(bytes);
      } catch (IOException e) {
        throw invalid(where + ": manifest.json is not valid JSON; the archive is damaged", e);
      }
      if (root == null || !root.isArray()) {
        throw invalid(where + ": manifest.json is not a JSON array of images", null);
      }
      List<SavedImage> images = new ArrayList<>();
      for (JsonNode item : root) {
        images.add(readImage(archive, item, where));
      }
      return new DockerArchive(tarFile, archive, List.copyOf(images));
    } catch (ImageAccessException | RuntimeException e) {
      archive.close();
      throw e;
    }
  }

  /** Every tag in {@code manifest.json}, as written there (skopeo writes {@code docker.io/...}). */
  public List<String> repoTags() {
    return images.stream().flatMap(i -> i.repoTags().stream()).toList();
  }

  /**
   * The digest of the synthesised manifest of the only image in the archive.
   *
   * @throws ImageAccessException INVALID_INPUT listing the RepoTags when there are none or several
   */
  public Digest resolveDefault() throws ImageAccessException {
    if (images.size() == 1) {
      return images.get(0).manifest().digest();
    }
    if (images.isEmpty()) {
      throw invalid(describe() + " holds no image: its manifest.json is empty", null);
    }
    throw invalid(
        describe() + " holds " + images.size() + " images, so name one by tag; " + availableTags(),
        null);
  }

  /**
   * The synthesised manifest of the image tagged {@code tagOrDigest} (in any form Docker accepts:
   * {@code alpine:3.19}, {@code docker.io/library/alpine:3.19}), or whose manifest has that digest.
   */
  @Override
  public RawManifest manifest(String tagOrDigest) throws ImageAccessException {
    Objects.requireNonNull(tagOrDigest, "tagOrDigest");
    Optional<Digest> asked = LayoutIndex.digestIn(tagOrDigest);
    if (asked.isPresent()) {
      for (SavedImage image : images) {
        if (image.manifest().digest().equals(asked.get())) {
          return image.manifest();
        }
      }
      for (SavedImage image : images) {
        if (image.configDigest().equals(asked.get())) {
          throw new ImageAccessException(
              Failure.NOT_FOUND,
              asked.get()
                  + " is the config digest (Docker's image ID) of an image in "
                  + describe()
                  + ", not a manifest digest; its manifest is "
                  + image.manifest().digest());
        }
      }
      throw new ImageAccessException(
          Failure.NOT_FOUND, describe() + " has no image with manifest " + asked.get());
    }
    for (SavedImage image : images) {
      for (String repoTag : image.repoTags()) {
        if (sameTag(repoTag, tagOrDigest)) {
          return image.manifest();
        }
      }
    }
    throw new ImageAccessException(
        Failure.NOT_FOUND,
        describe() + " has no image tagged '" + tagOrDigest + "'; " + availableTags());
  }

  /** The config file (by its sha256) or a layer tar (by its diff ID), uncompressed. */
  @Override
  public byte[] blob(Digest digest, long maxBytes) throws ImageAccessException {
    try (InputStream in = openBlob(digest)) {
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > maxBytes) {
        throw invalid(
            "blob "
                + digest
                + " in "
                + describe()
                + " is more than the "
                + maxBytes
                + " bytes allowed; refusing to read it into memory",
            null);
      }
      return bytes;
    } catch (VerifyingInputStream.MismatchException e) {
      throw new ImageAccessException(Failure.INTEGRITY, e.getMessage(), e);
    } catch (IOException e) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT, "cannot read blob " + digest + " from " + describe(), e);
    }
  }

  @Override
  public InputStream openBlob(Digest digest) throws ImageAccessException {
    String what = "blob " + digest + " in " + describe();
    for (SavedImage image : images) {
      if (image.configDigest().equals(digest)) {
        return VerifyingInputStream.stored(archive.open(image.config()), digest, what);
      }
      Layer layer = image.layers().get(digest);
      if (layer != null) {
        return VerifyingInputStream.stored(content(archive, layer), digest, what);
      }
    }
    throw new ImageAccessException(
        Failure.NOT_FOUND,
        describe() + " has no blob " + digest + " (neither a config nor a layer diff ID)");
  }

  @Override
  public String describe() {
    return "docker-archive:" + file;
  }

  /** Releases the archive, and deletes the decompressed copy of a gzip-compressed one. */
  @Override
  public void close() {
    archive.close();
  }

  private static SavedImage readImage(ArchiveFile archive, JsonNode item, String where)
      throws ImageAccessException {
    String configName = item.path("Config").asText("");
    if (configName.isEmpty()) {
      throw invalid(where + ": an image in manifest.json has no Config", null);
    }
    TarEntry configEntry =
        archive
            .file(configName)
            .orElseThrow(
                () ->
                    invalid(
                        where
                            + ": manifest.json names the config "
                            + configName
                            + ", which the archive does not contain",
                        null));
    byte[] config = archive.read(configEntry, MAX_CONFIG_BYTES, "image config");
    Digest configDigest = Digest.sha256(config);
    List<String> repoTags = new ArrayList<>();
    for (JsonNode tag : item.path("RepoTags")) {
      repoTags.add(tag.asText());
    }
    List<String> layerNames = new ArrayList<>();
    for (JsonNode layer : item.path("Layers")) {
      layerNames.add(layer.asText());
    }
    List<Digest> diffIds = diffIds(config, configName, where);
    if (diffIds.size() != layerNames.size()) {
      // containers/image refuses this too ("Inconsistent layer count").
      throw invalid(
          where
              + ": manifest.json lists "
              + layerNames.size()
              + " layers but the config "
              + configName
              + " has "
              + diffIds.size()
              + " diff_ids; the archive is inconsistent",
          null);
    }
    Map<Digest, Layer> layers = new LinkedHashMap<>();
    for (int i = 0; i < diffIds.size(); i++) {
      // The same layer may appear twice in one image: Docker links the copies, and skopeo reads
      // the first but lists it as often as rootfs.diff_ids does, as the synthesised manifest does.
      if (layers.containsKey(diffIds.get(i))) {
        continue;
      }
      String layerName = layerNames.get(i);
      TarEntry entry =
          archive
              .file(layerName)
              .orElseThrow(
                  () ->
                      invalid(
                          where
                              + ": manifest.json names the layer "
                              + layerName
                              + ", which the archive does not contain",
                          null));
      boolean gzip = archive.isGzip(entry);
      long size = gzip ? uncompressedSize(archive, entry) : entry.size();
      layers.put(diffIds.get(i), new Layer(entry, size, gzip));
    }
    byte[] manifest = synthesise(configDigest, config.length, diffIds, layers);
    return new SavedImage(
        List.copyOf(repoTags),
        configDigest,
        configEntry,
        new RawManifest(manifest, MediaTypes.DOCKER_MANIFEST, Digest.sha256(manifest)),
        Map.copyOf(layers));
  }

  /**
   * The Docker v2 schema 2 manifest that containers/image builds for a docker-archive source
   * (docker/internal/tarfile/src.go, GetManifest): Go's encoding/json of manifest.Schema2, so
   * fields in struct order (descriptors as mediaType, size, digest), no whitespace, no trailing
   * newline. Layers are given the gzip layer type even though they are served uncompressed, and are
   * named by diff ID with their uncompressed size; skopeo 1.9 prints exactly these bytes.
   *
   * <p>One deliberate difference: containers/image takes a layer's size from the tar header of the
   * name in manifest.json, so a layer reached through a symbolic link (docker save links duplicate
   * layers) gets size 0 there (containers/image#2963, still open as containers/container-libs#605).
   * Here it gets the size of the bytes actually served, so such archives have a different digest.
   */
  private static byte[] synthesise(
      Digest config, long configSize, List<Digest> diffIds, Map<Digest, Layer> layers) {
    StringBuilder json = new StringBuilder();
    json.append("{\"schemaVersion\":2,\"mediaType\":\"")
        .append(MediaTypes.DOCKER_MANIFEST)
        .append("\",\"config\":");
    descriptor(json, MediaTypes.DOCKER_CONFIG, configSize, config);
    json.append(",\"layers\":[");
    boolean first = true;
    for (Digest diffId : diffIds) {
      if (!first) {
        json.append(',');
      }
      first = false;
      descriptor(json, MediaTypes.DOCKER_LAYER_GZIP, layers.get(diffId).size(), diffId);
    }
    json.append("]}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void descriptor(StringBuilder json, String mediaType, long size, Digest digest) {
    json.append("{\"mediaType\":\"")
        .append(mediaType)
        .append("\",\"size\":")
        .append(size)
        .append(",\"digest\":\"")
        .append(digest)
        .append("\"}");
  }

  private static List<Digest> diffIds(byte[] config, String configName, String where)
      throws ImageAccessException {
    JsonNode root;
    try {
      root = JSON.readTree(config);
    } catch (IOException e) {
      throw invalid(where + ": the config " + configName + " is not valid JSON", e);
    }
    JsonNode ids = root == null ? null : root.path("rootfs").get("diff_ids");
    if (ids == null || !ids.isArray()) {
      throw invalid(where + ": the config " + configName + " has no rootfs.diff_ids", null);
    }
    List<Digest> result = new ArrayList<>();
    for (JsonNode id : ids) {
      try {
        result.add(Digest.parse(id.asText()));
      } catch (InvalidDigestException e) {
        throw invalid(where + ": the config " + configName + " has " + e.getMessage(), e);
      }
    }
    return result;
  }

  private static InputStream content(ArchiveFile archive, Layer layer) throws ImageAccessException {
    InputStream raw = archive.open(layer.entry());
    if (!layer.gzip()) {
      return raw;
    }
    try {
      return new GZIPInputStream(raw, 64 * 1024);
    } catch (IOException e) {
      throw invalid(
          archive.where() + ": layer " + layer.entry().name() + " is a corrupt gzip stream", e);
    }
  }

  private static long uncompressedSize(ArchiveFile archive, TarEntry entry)
      throws ImageAccessException {
    try (InputStream in = new GZIPInputStream(archive.open(entry), 64 * 1024)) {
      return in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw invalid(archive.where() + ": layer " + entry.name() + " is a corrupt gzip stream", e);
    }
  }

  /** Whether two spellings name the same tag, as Docker normalises them. */
  private static boolean sameTag(String repoTag, String asked) {
    if (repoTag.equals(asked)) {
      return true;
    }
    try {
      ImageReference a = ImageReference.parse(repoTag);
      ImageReference b = ImageReference.parse(asked);
      return b.digest() == null
          && a.registry().equals(b.registry())
          && a.repository().equals(b.repository())
          && Objects.equals(a.tag(), b.tag());
    } catch (InvalidReferenceException e) {
      return false;
    }
  }

  private String availableTags() {
    List<String> tags = repoTags();
    long untagged = images.stream().filter(i -> i.repoTags().isEmpty()).count();
    String list = tags.isEmpty() ? "it has no RepoTags" : "RepoTags: " + String.join(", ", tags);
    return untagged > 0 && !tags.isEmpty()
        ? list + " (and " + untagged + " untagged, name those by digest)"
        : list;
  }

  private static ImageAccessException invalid(String message, Exception cause) {
    return cause == null
        ? new ImageAccessException(Failure.INVALID_INPUT, message)
        : new ImageAccessException(Failure.INVALID_INPUT, message, cause);
  }
}
