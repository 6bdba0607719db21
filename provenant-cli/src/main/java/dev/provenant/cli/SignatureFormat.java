package dev.provenant.cli;

/** {@code --format}: where an image signature is stored. */
enum SignatureFormat {
  /** cosign's tag scheme: {@code sha256-<hex>.sig}, one layer per signature. */
  LEGACY,
  /** A Sigstore bundle v0.3 stored as an OCI 1.1 referrer of the image, as cosign v3 stores it. */
  BUNDLE,
  /** Both. */
  BOTH
}
