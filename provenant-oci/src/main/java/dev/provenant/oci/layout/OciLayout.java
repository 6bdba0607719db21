package dev.provenant.oci.layout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.DigestAlgorithm;
import dev.provenant.core.digest.DigestingInputStream;
import dev.provenant.oci.image.Descriptor;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.image.ImageIndex;
import dev.provenant.oci.image.ImageSource;
import dev.provenant.oci.image.Manifest;
import dev.provenant.oci.image.ManifestParser;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.image.RawManifest;
import dev.provenant.oci.image.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * An OCI image layout directory, read and written: {@code oci-layout}, {@code index.json} and
 * content-addressed {@code blobs/}. Everything read is checked against its digest; everything
 * written lands atomically (a temporary file moved into place), so that a crash never leaves a blob
 * whose name lies about its content, nor a half-written {@code index.json}.
 *
 * <p>One writer at a time: concurrent {@link #writeManifest} calls from several processes on the
 * same layout may lose one another's {@code index.json} entries, as with umoci and skopeo.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/image-layout.md">OCI image
 *     layout</a>
 */
public final class OciLayout implements ImageSource {
  static final String LAYOUT_FILE = "oci-layout";
  static final String INDEX_FILE = "index.json";
  static final String LAYOUT_VERSION = "1.0.0";
  private static final long MAX_LAYOUT_FILE_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  private OciLayout(Path dir) {
    this.dir = dir;
  }

  /**
   * Opens an existing layout.
   *
   * @throws ImageAccessException INVALID_INPUT when {@code dir} has no valid {@code oci-layout} or
   *     {@code index.json}; NOT_FOUND when it does not exist
   */
  public static OciLayout open(Path dir) throws ImageAccessException {
    Objects.requireNonNull(dir, "dir");
    if (!Files.exists(dir)) {
      throw new ImageAccessException(
          Failure.NOT_FOUND, "no OCI image layout at " + dir + ": the directory does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          "not an OCI image layout: "
              + dir
              + " is a file, not a directory (for a tar of a layout use oci-archive:)");
    }
    checkLayoutFile(dir);
    if (!Files.isRegularFile(dir.resolve(INDEX_FILE))) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          "not an OCI image layout: " + dir + " has an oci-layout file but no index.json");
    }
    return new OciLayout(dir);
  }

  /**
   * Creates a layout: the directory, {@code oci-layout}, an empty {@code index.json} and {@code
   * blobs/sha256}. Opening an existing layout this way is fine; a non-empty directory that is not a
   * layout is refused, so that Provenant never scatters files among someone else's.
   */
  public static OciLayout create(Path dir) throws ImageAccessException {
    Objects.requireNonNull(dir, "dir");
    try {
      if (Files.isDirectory(dir) && !Files.exists(dir.resolve(LAYOUT_FILE))) {
        try (Stream<Path> children = Files.list(dir)) {
          if (children.findAny().isPresent()) {
            throw new ImageAccessException(
                Failure.INVALID_INPUT,
                "cannot create an OCI image layout in "
                    + dir
                    + ": the directory is not empty and has no oci-layout file; choose a new or"
                    + " empty directory");
          }
        }
      }
      Files.createDirectories(dir.resolve("blobs").resolve(DigestAlgorithm.SHA256.label()));
      OciLayout layout = new OciLayout(dir);
      if (Files.exists(dir.resolve(LAYOUT_FILE))) {
        checkLayoutFile(dir);
      } else {
        layout.writeAtomically(
            dir.resolve(LAYOUT_FILE),
            ("{\"imageLayoutVersion\":\"" + LAYOUT_VERSION + "\"}")
                .getBytes(StandardCharsets.UTF_8));
      }
      if (!Files.exists(dir.resolve(INDEX_FILE))) {
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        index.putArray("manifests");
        layout.writeAtomically(dir.resolve(INDEX_FILE), JSON.writeValueAsBytes(index));
      }
      return layout;
    } catch (IOException e) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          "cannot create an OCI image layout in " + dir + ": " + e.getMessage(),
          e);
    }
  }

  /** The parsed {@code index.json}, read afresh. */
  public ImageIndex index() throws ImageAccessException {
    return layoutIndex().index();
  }

  /**
   * The digest of the only manifest in {@code index.json}.
   *
   * @throws ImageAccessException INVALID_INPUT listing the tags when there are none or several
   */
  public Digest resolveDefault() throws ImageAccessException {
    return layoutIndex().only().digest();
  }

  @Override
  public RawManifest manifest(String tagOrDigest) throws ImageAccessException {
    Objects.requireNonNull(tagOrDigest, "tagOrDigest");
    return layoutIndex().manifest(tagOrDigest, this::readBlob);
  }

  @Override
  public byte[] blob(Digest digest, long maxBytes) throws ImageAccessException {
    return readBlob(digest, maxBytes, "blob");
  }

  @Override
  public InputStream openBlob(Digest digest) throws ImageAccessException {
    Path file = blobFile(digest);
    try {
      return VerifyingInputStream.stored(
          Files.newInputStream(file), digest, "blob " + digest + " in " + describe());
    } catch (NoSuchFileException e) {
      throw missingBlob(digest, file, e);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  @Override
  public String describe() {
    return "oci:" + dir;
  }

  /**
   * Stores {@code content} as a blob; storing the same content again changes nothing.
   *
   * @return its descriptor, with {@code mediaType}
   */
  public Descriptor writeBlob(byte[] content, String mediaType) throws ImageAccessException {
    Objects.requireNonNull(content, "content");
    requireMediaType(mediaType);
    Digest digest = Digest.sha256(content);
    Path target = blobFile(digest);
    try {
      if (!intact(target, digest, content.length)) {
        writeAtomically(target, content);
      }
    } catch (IOException e) {
      throw unwritable(target, e);
    }
    return Descriptor.of(mediaType, digest, content.length);
  }

  /**
   * Streams {@code content} into a blob, hashing it on the way, so that layers of any size can be
   * stored; storing the same content again changes nothing. The stream is read to its end but not
   * closed.
   */
  public Descriptor writeBlob(InputStream content, String mediaType) throws ImageAccessException {
    Objects.requireNonNull(content, "content");
    requireMediaType(mediaType);
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, ".provenant-", ".tmp");
      DigestingInputStream digesting = new DigestingInputStream(content, DigestAlgorithm.SHA256);
      try (OutputStream out = Files.newOutputStream(temp)) {
        digesting.transferTo(out);
      }
      Digest digest = digesting.digest();
      long size = digesting.count();
      Path target = blobFile(digest);
      if (!intact(target, digest, size)) {
        Files.createDirectories(target.getParent());
        move(temp, target);
      }
      return Descriptor.of(mediaType, digest, size);
    } catch (IOException e) {
      throw unwritable(dir, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /**
   * Stores a manifest and names it in {@code index.json}: an entry with the same {@code tag} is
   * replaced; with no tag, an untagged entry for the same digest is. {@code index.json} is
   * rewritten atomically, keeping every other entry and field as it was.
   *
   * @param mediaType the manifest's media type; null to take it from the document
   * @param tag the {@code org.opencontainers.image.ref.name} to give it, or null for none
   * @return the descriptor as written into {@code index.json}
   */
  public Descriptor writeManifest(byte[] manifestBytes, String mediaType, String tag)
      throws ImageAccessException {
    Objects.requireNonNull(manifestBytes, "manifestBytes");
    if (manifestBytes.length > LayoutIndex.MAX_DOCUMENT_BYTES) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          "the manifest is "
              + manifestBytes.length
              + " bytes, more than the "
              + LayoutIndex.MAX_DOCUMENT_BYTES
              + " a manifest may have");
    }
    if (tag != null && (tag.isBlank() || tag.chars().anyMatch(Character::isISOControl))) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          "invalid tag '" + tag + "': a layout tag must be non-blank and printable");
    }
    Manifest parsed = ManifestParser.parse(manifestBytes, mediaType, Digest.sha256(manifestBytes));
    if (mediaType != null && !mediaType.equals(parsed.mediaType())) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          "the manifest declares mediaType "
              + parsed.mediaType()
              + " but is being written as "
              + mediaType
              + "; readers would disagree about what it is");
    }
    Descriptor blob = writeBlob(manifestBytes, parsed.mediaType());
    Descriptor entry =
        new Descriptor(
            blob.mediaType(),
            blob.digest(),
            blob.size(),
            tag == null ? Map.of() : Map.of(LayoutIndex.REF_NAME, tag),
            null,
            null);
    Path indexFile = dir.resolve(INDEX_FILE);
    synchronized (this) {
      ObjectNode root = readIndexTree();
      JsonNode manifests = root.get("manifests");
      if (!(manifests instanceof ArrayNode array)) {
        throw new ImageAccessException(
            Failure.INVALID_INPUT,
            "the index.json of " + describe() + " has no 'manifests' array; repair or recreate it");
      }
      for (Iterator<JsonNode> it = array.iterator(); it.hasNext(); ) {
        JsonNode existing = it.next();
        JsonNode refName = existing.path("annotations").get(LayoutIndex.REF_NAME);
        boolean replaced =
            tag != null
                ? refName != null && tag.equals(refName.asText())
                : refName == null
                    && blob.digest().toString().equals(existing.path("digest").asText());
        if (replaced) {
          it.remove();
        }
      }
      array.add(ManifestParser.toJson(entry));
      try {
        writeAtomically(indexFile, JSON.writeValueAsBytes(root));
      } catch (IOException e) {
        throw unwritable(indexFile, e);
      }
    }
    return entry;
  }

  private LayoutIndex layoutIndex() throws ImageAccessException {
    Path indexFile = dir.resolve(INDEX_FILE);
    return LayoutIndex.parse(
        readFile(indexFile, LayoutIndex.MAX_DOCUMENT_BYTES, "index.json"), describe());
  }

  private ObjectNode readIndexTree() throws ImageAccessException {
    Path indexFile = dir.resolve(INDEX_FILE);
    byte[] bytes = readFile(indexFile, LayoutIndex.MAX_DOCUMENT_BYTES, "index.json");
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root instanceof ObjectNode object) {
        return object;
      }
    } catch (IOException e) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          "the index.json of " + describe() + " is not valid JSON; repair or recreate it",
          e);
    }
    throw new ImageAccessException(
        Failure.INVALID_INPUT,
        "the index.json of " + describe() + " is not a JSON object; repair or recreate it");
  }

  private byte[] readBlob(Digest digest, long maxBytes, String what) throws ImageAccessException {
    Path file = blobFile(digest);
    byte[] bytes;
    try {
      bytes = readFile(file, maxBytes, what + " " + digest);
    } catch (ImageAccessException e) {
      if (e.failure() == Failure.NOT_FOUND) {
        throw missingBlob(digest, file, e);
      }
      throw e;
    }
    Digest actual = Digest.compute(digest.algorithm(), bytes);
    if (!actual.equals(digest)) {
      throw new ImageAccessException(
          Failure.INTEGRITY,
          what
              + " "
              + digest
              + " in "
              + describe()
              + " does not match its digest: the file "
              + file
              + " hashes to "
              + actual
              + ". It was altered or corrupted after it was written; Provenant left it as it is."
              + " Restore the layout from a trusted copy.");
    }
    return bytes;
  }

  private Path blobFile(Digest digest) {
    return dir.resolve("blobs").resolve(digest.algorithm().label()).resolve(digest.hex());
  }

  /** Whether {@code file} already holds exactly the content {@code digest} names. */
  private static boolean intact(Path file, Digest digest, long size) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) != size) {
      return false;
    }
    try (var in = new DigestingInputStream(Files.newInputStream(file), digest.algorithm())) {
      in.transferTo(OutputStream.nullOutputStream());
      return in.digest().equals(digest);
    }
  }

  private void writeAtomically(Path target, byte[] content) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(dir, ".provenant-", ".tmp");
    try {
      Files.write(temp, content);
      move(temp, target);
    } finally {
      deleteQuietly(temp);
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // The temporary file is made in the layout itself, so this only happens on file systems
      // without rename(2) semantics; a plain replace is the best that can be done there.
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // A leftover temporary file is harmless: its name is not a digest, so no reader uses it.
    }
  }

  private static void checkLayoutFile(Path dir) throws ImageAccessException {
    Path file = dir.resolve(LAYOUT_FILE);
    if (!Files.isRegularFile(file)) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          "not an OCI image layout: "
              + dir
              + " has no oci-layout file; create one with `skopeo copy ... oci:"
              + dir
              + "` or `umoci init`");
    }
    byte[] bytes = readFile(file, MAX_LAYOUT_FILE_BYTES, "oci-layout file");
    String version;
    try {
      version = JSON.readTree(bytes).path("imageLayoutVersion").asText("");
    } catch (JsonProcessingException e) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          "not an OCI image layout: the oci-layout file of " + dir + " is not valid JSON",
          e);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    // Minor versions of the layout are meant to stay readable; a new major one need not be.
    if (!version.equals(LAYOUT_VERSION) && !version.startsWith("1.")) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          "unsupported OCI image layout in "
              + dir
              + ": imageLayoutVersion is '"
              + version
              + "', Provenant reads 1.x");
    }
  }

  private static byte[] readFile(Path file, long maxBytes, String what)
      throws ImageAccessException {
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new ImageAccessException(
            Failure.INVALID_INPUT,
            what
                + " ("
                + file
                + ") is "
                + size
                + " bytes, more than the "
                + maxBytes
                + " allowed; refusing to read it into memory");
      }
      try (InputStream in = Files.newInputStream(file)) {
        // Read one byte past the limit, in case the file grew since its size was taken.
        byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > maxBytes) {
          throw new ImageAccessException(
              Failure.INVALID_INPUT,
              what + " (" + file + ") is more than the " + maxBytes + " bytes allowed");
        }
        return bytes;
      }
    } catch (NoSuchFileException e) {
      throw new ImageAccessException(Failure.NOT_FOUND, what + " " + file + " does not exist", e);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private ImageAccessException missingBlob(Digest digest, Path file, Exception cause) {
    return new ImageAccessException(
        Failure.NOT_FOUND,
        describe()
            + " has no blob "
            + digest
            + " (looked for "
            + file
            + "); the layout is incomplete, copy the image into it again",
        cause);
  }

  private static ImageAccessException unreadable(Path file, IOException e) {
    return new ImageAccessException(
        Failure.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
  }

  private static ImageAccessException unwritable(Path file, IOException e) {
    return new ImageAccessException(
        Failure.INVALID_INPUT, "cannot write " + file + ": " + e.getMessage(), e);
  }

  private static void requireMediaType(String mediaType) throws ImageAccessException {
    if (mediaType == null || mediaType.isBlank()) {
      throw new ImageAccessException(Failure.INVALID_INPUT, "a blob needs a media type");
    }
  }
}
