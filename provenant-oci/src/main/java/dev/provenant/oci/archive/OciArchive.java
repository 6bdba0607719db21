package dev.provenant.oci.archive;

import dev.provenant.core.digest.Digest;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.image.ImageIndex;
import dev.provenant.oci.image.ImageSource;
import dev.provenant.oci.image.RawManifest;
import dev.provenant.oci.image.VerifyingInputStream;
import dev.provenant.oci.layout.LayoutIndex;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An OCI image layout packed in a tar file, as {@code skopeo copy ... oci-archive:FILE} writes it
 * (plain tar; gzip-compressed ones are accepted too). The archive is read in place, member by
 * member, and every manifest and blob is checked against its digest.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/image-layout.md">OCI image
 *     layout</a>
 */
public final class OciArchive implements ImageSource {
  private final Path file;
  private final ArchiveFile archive;
  private final LayoutIndex layoutIndex;

  private OciArchive(Path file, ArchiveFile archive, LayoutIndex layoutIndex) {
    this.file = file;
    this.archive = archive;
    this.layoutIndex = layoutIndex;
  }

  /**
   * Opens and indexes the archive; {@link #close()} releases it.
   *
   * @throws ImageAccessException INVALID_INPUT when it is not a tar of an OCI layout, is truncated,
   *     or has an entry outside itself; NOT_FOUND when the file does not exist
   */
  public static OciArchive open(Path tarFile) throws ImageAccessException {
    Objects.requireNonNull(tarFile, "tarFile");
    String where = "oci-archive:" + tarFile;
    ArchiveFile archive = ArchiveFile.open(tarFile, where);
    try {
      if (archive.file("oci-layout").isEmpty()) {
        String hint =
            archive.file("manifest.json").isPresent()
                ? "it looks like a `docker save` archive; read it as docker-archive:" + tarFile
                : "is it an archive as `skopeo copy ... oci-archive:` writes?";
        throw new ImageAccessException(
            Failure.INVALID_INPUT, where + " has no oci-layout file; " + hint);
      }
      TarEntry indexEntry =
          archive
              .file("index.json")
              .orElseThrow(
                  () ->
                      new ImageAccessException(
                          Failure.INVALID_INPUT,
                          where + " has an oci-layout file but no index.json; it is incomplete"));
      byte[] index = archive.read(indexEntry, LayoutIndex.MAX_DOCUMENT_BYTES, "index.json");
      return new OciArchive(tarFile, archive, LayoutIndex.parse(index, where));
    } catch (ImageAccessException | RuntimeException e) {
      archive.close();
      throw e;
    }
  }

  /** The parsed {@code index.json}. */
  public ImageIndex index() {
    return layoutIndex.index();
  }

  /**
   * The digest of the only manifest in {@code index.json} (skopeo writes one, untagged).
   *
   * @throws ImageAccessException INVALID_INPUT listing the tags when there are none or several
   */
  public Digest resolveDefault() throws ImageAccessException {
    return layoutIndex.only().digest();
  }

  @Override
  public RawManifest manifest(String tagOrDigest) throws ImageAccessException {
    return layoutIndex.manifest(tagOrDigest, this::readBlob);
  }

  @Override
  public byte[] blob(Digest digest, long maxBytes) throws ImageAccessException {
    return readBlob(digest, maxBytes, "blob");
  }

  @Override
  public InputStream openBlob(Digest digest) throws ImageAccessException {
    return VerifyingInputStream.stored(
        archive.open(entry(digest)), digest, "blob " + digest + " in " + describe());
  }

  @Override
  public String describe() {
    return "oci-archive:" + file;
  }

  /** Releases the archive, and deletes the decompressed copy of a gzip-compressed one. */
  @Override
  public void close() {
    archive.close();
  }

  private byte[] readBlob(Digest digest, long maxBytes, String what) throws ImageAccessException {
    TarEntry entry = entry(digest);
    byte[] bytes = archive.read(entry, maxBytes, what + " " + digest);
    Digest actual = Digest.compute(digest.algorithm(), bytes);
    if (!actual.equals(digest)) {
      throw new ImageAccessException(
          Failure.INTEGRITY,
          what
              + " "
              + digest
              + " in "
              + describe()
              + " does not match its digest: "
              + entry.name()
              + " hashes to "
              + actual
              + "; the archive was altered or corrupted, do not use it");
    }
    return bytes;
  }

  private TarEntry entry(Digest digest) throws ImageAccessException {
    return archive
        .file(LayoutIndex.blobPath(digest))
        .orElseThrow(
            () ->
                new ImageAccessException(
                    Failure.NOT_FOUND,
                    describe()
                        + " has no blob "
                        + digest
                        + " (no "
                        + LayoutIndex.blobPath(digest)
                        + " in the archive)"));
  }
}
