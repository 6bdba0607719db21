package dev.provenant.oci.image;

import dev.provenant.core.digest.Digest;
import java.util.Map;

/** A parsed manifest: either one image or an index of manifests. */
public sealed interface Manifest permits ImageManifest, ImageIndex {
  /** The media type the manifest declares, or that the registry or layout reported for it. */
  String mediaType();

  /** The manifest's annotations; empty when it has none. */
  Map<String, String> annotations();

  /** The digest of the exact bytes this manifest was parsed from. */
  Digest digest();

  /** The number of bytes this manifest was parsed from. */
  long size();
}
