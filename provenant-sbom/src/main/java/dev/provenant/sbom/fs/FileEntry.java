package dev.provenant.sbom.fs;

import dev.provenant.core.digest.Digest;

/**
 * A regular file in the merged view of a file system: its absolute path ({@code /usr/lib/x}), its
 * size, and the layer that last wrote it (null outside an image).
 */
public record FileEntry(String path, long size, Digest layer) {}
