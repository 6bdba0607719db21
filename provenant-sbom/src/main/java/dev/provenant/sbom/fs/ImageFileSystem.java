package dev.provenant.sbom.fs;

import dev.provenant.core.digest.Digest;
import dev.provenant.oci.image.Descriptor;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.image.ImageIndex;
import dev.provenant.oci.image.ImageManifest;
import dev.provenant.oci.image.ImageSource;
import dev.provenant.oci.image.Platform;
import dev.provenant.oci.image.RawManifest;
import dev.provenant.oci.image.VerifyingInputStream;
import dev.provenant.oci.location.OpenedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * The merged file system of an image: its layers applied in order, as a container runtime would
 * stack them, without unpacking anything to disk.
 *
 * <p>Each layer is streamed once (gzip or uncompressed; zstd is refused) and read to its end, so
 * that its digest is checked. Whiteouts follow the OCI image spec: {@code .wh.NAME} deletes {@code
 * NAME} (and everything under it) from the lower layers, {@code .wh..wh..opq} hides everything the
 * lower layers put in its directory; neither hides what its own layer adds.
 *
 * <p>For every regular file that survives, the view keeps its path, size and the layer that last
 * wrote it. Small files are kept in memory up to a total budget; the content of the others is read
 * again from their layer when a cataloger opens them (that second read is not checked against the
 * digest again: the first pass already read the whole layer and checked it). A hard link to a
 * regular file becomes a regular file with its target's content. Symbolic links are not followed
 * nor listed: catalogers look up the real paths where package databases live; a symbolic link does
 * replace (hide) whatever lower file was at its path.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/layer.md">OCI image layer
 *     filesystem changeset</a>
 */
public final class ImageFileSystem implements FileSystemView {
  /** Files up to this size are kept in memory, while the budget lasts. */
  static final int INLINE_FILE_BYTES = 256 * 1024;

  /** The most file content kept in memory over all layers. */
  static final long INLINE_BUDGET_BYTES = 64L * 1024 * 1024;

  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";

  private final ImageSource source;
  private final String display;
  private final Digest digest;
  private final ImageManifest manifest;
  private final NavigableMap<String, Node> files;

  /**
   * Where a surviving file's bytes are: in memory, or in a layer as the member with this name and
   * this position (0 for the first member) in the layer's archive.
   */
  private record Node(
      FileEntry entry, Descriptor dataLayer, String dataMember, int ordinal, byte[] inline) {}

  /**
   * The layer stream the last large file was read from, left just after that file. A cataloger
   * opens files in path order, which is (nearly) the order in which umoci, docker and GNU tar
   * {@code --sort=name} write them, so the next large file of the same layer is usually further on
   * in the same stream. Reopening the layer for each file instead decompresses it from the start
   * every time: 130 s instead of 2 s for a Debian minbase image (docs/benchmarks.md).
   */
  private Cursor cursor;

  private record Cursor(Descriptor layer, InputStream stream, TarStream tar, int[] next) {}

  private ImageFileSystem(
      ImageSource source,
      String display,
      Digest digest,
      ImageManifest manifest,
      NavigableMap<String, Node> files) {
    this.source = source;
    this.display = display;
    this.digest = digest;
    this.manifest = manifest;
    this.files = files;
  }

  /** Reads every layer of {@code image}; see {@link #open(OpenedImage, Platform, IntConsumer)}. */
  public static ImageFileSystem open(OpenedImage image, Platform platform)
      throws ImageAccessException {
    return open(image, platform, layer -> {});
  }

  /**
   * Reads every layer of {@code image} (the image for {@code platform} when it is an index) and
   * merges them. The view reads from {@code image} again when a large file is opened, so keep
   * {@code image} open while it is used.
   *
   * @param platform the platform to choose from an index; null takes the only image, or fails
   * @param progress told the number of layers read so far after each layer
   * @throws ImageAccessException INTEGRITY when a layer does not match its digest, INVALID_INPUT
   *     when a layer is not a tar or is compressed in a way that is not supported
   */
  public static ImageFileSystem open(OpenedImage image, Platform platform, IntConsumer progress)
      throws ImageAccessException {
    ImageSource source = image.source();
    String display = image.location().display();
    RawManifest raw = source.manifest(image.manifestReference());
    Digest digest = raw.digest();
    ImageManifest manifest =
        switch (raw.parse()) {
          case ImageManifest single -> single;
          case ImageIndex index -> {
            Descriptor child = choose(index, platform, display);
            RawManifest childRaw = source.manifest(child.digest().toString());
            if (!(childRaw.parse() instanceof ImageManifest childManifest)) {
              throw new ImageAccessException(
                  Failure.INVALID_INPUT,
                  "an entry of " + display + " is itself an index; nested indexes are not read");
            }
            digest = childRaw.digest();
            yield childManifest;
          }
        };
    NavigableMap<String, Node> files = new TreeMap<>();
    long[] budget = {INLINE_BUDGET_BYTES};
    int read = 0;
    for (Descriptor layer : manifest.layers()) {
      applyLayer(source, display, layer, files, budget);
      progress.accept(++read);
    }
    return new ImageFileSystem(source, display, digest, manifest, files);
  }

  /** The digest of the image manifest whose layers this view merges. */
  public Digest imageDigest() {
    return digest;
  }

  /** The image manifest whose layers this view merges. */
  public ImageManifest manifest() {
    return manifest;
  }

  @Override
  public List<FileEntry> files() {
    return files.values().stream().map(Node::entry).toList();
  }

  @Override
  public Optional<FileEntry> file(String path) {
    Node node = files.get(normalize(path));
    return node == null ? Optional.empty() : Optional.of(node.entry());
  }

  @Override
  public synchronized InputStream open(FileEntry file) throws IOException {
    Node node = files.get(file.path());
    if (node == null || !node.entry().equals(file)) {
      throw new FileNotFoundException(file.path() + " is not a file of " + display);
    }
    if (node.inline() != null) {
      return new ByteArrayInputStream(node.inline());
    }
    if (cursor == null
        || !cursor.layer().equals(node.dataLayer())
        || cursor.next()[0] > node.ordinal()) {
      closeCursor();
      InputStream layer;
      try {
        layer = decompressed(source, node.dataLayer(), display);
      } catch (ImageAccessException e) {
        throw new IOException(e.getMessage(), e);
      }
      cursor = new Cursor(node.dataLayer(), layer, new TarStream(layer), new int[] {0});
    }
    try {
      TarStream.Member member;
      while ((member = cursor.tar().next()) != null) {
        int ordinal = cursor.next()[0]++;
        if (ordinal == node.ordinal()) {
          if (!member.isFile() || !normalize(member.name()).equals(node.dataMember())) {
            break;
          }
          // Closing the content leaves the layer open for the next file; TarStream.next skips
          // what the caller did not read.
          return new NonClosing(cursor.tar().content());
        }
      }
    } catch (IOException | RuntimeException e) {
      closeCursor();
      throw e;
    }
    closeCursor();
    throw new FileNotFoundException(
        node.dataMember() + " is no longer in layer " + node.dataLayer().digest());
  }

  private void closeCursor() throws IOException {
    if (cursor != null) {
      InputStream stream = cursor.stream();
      cursor = null;
      stream.close();
    }
  }

  private static Descriptor choose(ImageIndex index, Platform platform, String display)
      throws ImageAccessException {
    if (platform != null) {
      return index
          .forPlatform(platform)
          .orElseThrow(
              () ->
                  new ImageAccessException(
                      Failure.NOT_FOUND,
                      display
                          + " has no image for platform "
                          + platform
                          + "; it has: "
                          + platforms(index)));
    }
    if (index.manifests().size() == 1) {
      return index.manifests().get(0);
    }
    throw new ImageAccessException(
        Failure.INVALID_INPUT,
        display
            + " is an index of "
            + index.manifests().size()
            + " images; choose one with --platform ("
            + platforms(index)
            + ")");
  }

  private static String platforms(ImageIndex index) {
    return index.manifests().stream()
        .map(d -> d.platform() == null ? "(no platform)" : d.platform().toString())
        .collect(Collectors.joining(", "));
  }

  /**
   * Applies one layer to {@code files}. Whiteouts are gathered first and applied to the lower
   * layers only (image-spec layer.md: "whiteout files MUST only apply to resources in lower/parent
   * layers"), then the layer's own entries are laid over them in archive order.
   */
  private static void applyLayer(
      ImageSource source,
      String display,
      Descriptor layer,
      NavigableMap<String, Node> files,
      long[] budget)
      throws ImageAccessException {
    List<String> whiteouts = new ArrayList<>();
    List<String> opaque = new ArrayList<>();
    Map<String, Node> added = new LinkedHashMap<>();
    List<String> replaced = new ArrayList<>();
    String what = "layer " + layer.digest() + " of " + display;
    try (InputStream in = decompressed(source, layer, display)) {
      TarStream tar = new TarStream(in);
      TarStream.Member member;
      int ordinal = -1;
      while ((member = tar.next()) != null) {
        ordinal++;
        String path = normalize(member.name());
        if (path.equals("/")) {
          continue;
        }
        int slash = path.lastIndexOf('/');
        String parent = path.substring(0, slash);
        String base = path.substring(slash + 1);
        if (base.equals(OPAQUE)) {
          opaque.add(parent);
        } else if (base.startsWith(WHITEOUT)) {
          whiteouts.add(parent + "/" + base.substring(WHITEOUT.length()));
        } else if (member.isFile()) {
          FileEntry entry = new FileEntry(path, member.size(), layer.digest());
          byte[] inline = null;
          if (member.size() <= INLINE_FILE_BYTES && member.size() <= budget[0]) {
            inline = tar.content().readAllBytes();
            budget[0] -= inline.length;
          }
          Node previous = added.put(path, new Node(entry, layer, path, ordinal, inline));
          release(previous, budget);
        } else if (member.isHardlink()) {
          String target = normalize(member.linkName());
          Node linked = added.containsKey(target) ? added.get(target) : files.get(target);
          if (linked != null) {
            FileEntry entry = new FileEntry(path, linked.entry().size(), layer.digest());
            added.put(
                path,
                new Node(
                    entry,
                    linked.dataLayer(),
                    linked.dataMember(),
                    linked.ordinal(),
                    linked.inline()));
          }
        } else if (!member.isDirectory()) {
          // A symbolic link, device or FIFO replaces whatever the lower layers had at its path.
          replaced.add(path);
          release(added.remove(path), budget);
        } else {
          replaced.add(path + "/.");
        }
      }
      // Read what follows the end-of-archive blocks and the compressed stream's trailer, so that
      // the whole blob passes through the digest check.
      in.transferTo(OutputStreamSink.INSTANCE);
    } catch (VerifyingInputStream.MismatchException e) {
      throw new ImageAccessException(Failure.INTEGRITY, e.getMessage(), e);
    } catch (IOException e) {
      // A damaged layer usually fails as gzip or tar first; say so when it is the digest.
      checkDigest(source, layer);
      throw new ImageAccessException(
          Failure.INVALID_INPUT, "cannot read " + what + ": " + e.getMessage(), e);
    }
    for (String dir : opaque) {
      removeUnder(files, dir, budget);
    }
    for (String path : whiteouts) {
      release(files.remove(path), budget);
      removeUnder(files, path, budget);
    }
    for (String path : replaced) {
      if (path.endsWith("/.")) {
        // A directory replaces a lower regular file of the same name, keeping lower children.
        release(files.remove(path.substring(0, path.length() - 2)), budget);
      } else {
        release(files.remove(path), budget);
        removeUnder(files, path, budget);
      }
    }
    for (Node node : added.values()) {
      String path = node.entry().path();
      removeUnder(files, path, budget);
      release(files.put(path, node), budget);
    }
  }

  private static void checkDigest(ImageSource source, Descriptor layer)
      throws ImageAccessException {
    try (InputStream in = source.openBlob(layer.digest())) {
      in.transferTo(OutputStreamSink.INSTANCE);
    } catch (VerifyingInputStream.MismatchException e) {
      throw new ImageAccessException(Failure.INTEGRITY, e.getMessage(), e);
    } catch (IOException e) {
      // Unreadable a second time: the caller reports the first failure.
    }
  }

  private static void removeUnder(NavigableMap<String, Node> files, String dir, long[] budget) {
    String prefix = dir.equals("") || dir.equals("/") ? "/" : dir + "/";
    // '0' is the character after '/', so this range is exactly the paths under the directory.
    var under = files.subMap(prefix, true, prefix.substring(0, prefix.length() - 1) + "0", false);
    under.values().forEach(node -> release(node, budget));
    under.clear();
  }

  private static void release(Node node, long[] budget) {
    if (node != null && node.inline() != null && node.dataMember().equals(node.entry().path())) {
      budget[0] += node.inline().length;
    }
  }

  /** A layer's tar stream: decompressed when it is gzip, refused when it is zstd. */
  private static InputStream decompressed(ImageSource source, Descriptor layer, String display)
      throws ImageAccessException {
    InputStream raw = new BufferedInputStream(source.openBlob(layer.digest()), 64 * 1024);
    try {
      raw.mark(4);
      byte[] magic = raw.readNBytes(4);
      raw.reset();
      if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
        return new Drained(new GZIPInputStream(raw, 64 * 1024), raw);
      }
      if (magic.length == 4
          && (magic[0] & 0xff) == 0x28
          && (magic[1] & 0xff) == 0xb5
          && (magic[2] & 0xff) == 0x2f
          && (magic[3] & 0xff) == 0xfd) {
        raw.close();
        throw new ImageAccessException(
            Failure.INVALID_INPUT,
            "layer "
                + layer.digest()
                + " of "
                + display
                + " is zstd-compressed ("
                + layer.mediaType()
                + "), which is not supported yet; convert the image to gzip layers, e.g. with"
                + " `skopeo copy --dest-compress-format gzip`");
      }
      return raw;
    } catch (IOException e) {
      try {
        raw.close();
      } catch (IOException ignored) {
        // Already failing.
      }
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          "cannot read layer " + layer.digest() + " of " + display + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * The absolute form of a member name: leading {@code /} and {@code ./} dropped, {@code .} and
   * empty segments removed, {@code ..} resolved and never above the root (nothing is written to
   * disk, so a climbing name is only clamped, as a runtime would).
   */
  static String normalize(String name) {
    List<String> segments = new ArrayList<>();
    for (String segment : name.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (!segments.isEmpty()) {
          segments.remove(segments.size() - 1);
        }
        continue;
      }
      segments.add(segment);
    }
    return "/" + String.join("/", segments);
  }

  /** A decompressing stream whose end also reads the compressed stream to its end. */
  private static final class Drained extends java.io.FilterInputStream {
    private final InputStream raw;

    Drained(InputStream decompressed, InputStream raw) {
      super(decompressed);
      this.raw = raw;
    }

    @Override
    public long transferTo(java.io.OutputStream out) throws IOException {
      long n = super.transferTo(out);
      // GZIPInputStream may stop before the last bytes (padding after the trailer).
      raw.transferTo(out);
      return n;
    }
  }

  /** A member's content whose close leaves the layer stream open. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream content) {
      super(content);
    }

    @Override
    public void close() {
      // The cursor owns the layer stream.
    }
  }

  /** Discards bytes. */
  private static final class OutputStreamSink {
    static final java.io.OutputStream INSTANCE = java.io.OutputStream.nullOutputStream();
  }
}
