package dev.provenant.oci.image;

import dev.provenant.core.digest.Digest;
import java.io.InputStream;

/**
 * Where one repository's manifests and blobs are read from: a registry repository, an OCI image
 * layout, or an image archive. Every implementation verifies what it returns against its digest.
 */
public interface ImageSource extends AutoCloseable {

  /**
   * Reads a manifest by tag or by digest ({@code sha256:…}). When asked by digest, the bytes are
   * checked against it; the returned digest is always that of the exact bytes returned.
   */
  RawManifest manifest(String tagOrDigest) throws ImageAccessException;

  /**
   * Reads a whole blob into memory, checking it against {@code digest}.
   *
   * @param maxBytes refuse blobs larger than this, so that a hostile source cannot exhaust memory
   */
  byte[] blob(Digest digest, long maxBytes) throws ImageAccessException;

  /**
   * Opens a blob for streaming. The stream throws an {@link java.io.IOException} at its end if the
   * bytes read do not match {@code digest}, so a caller that reads to the end has verified it.
   */
  InputStream openBlob(Digest digest) throws ImageAccessException;

  /** A short description of where content comes from, for messages: {@code oci:/tmp/layout}. */
  String describe();

  @Override
  default void close() {}
}
