package dev.provenant.core.bundle;

/**
 * Signs and gathers the evidence a verifier needs into a Sigstore bundle: the signer's key hint or
 * certificate, and (when the signer logs and timestamps) the transparency log entry and RFC 3161
 * timestamps. Implementations: {@link KeyedBundleSigner} (a managed key, offline), and the keyless
 * and logging signers of the provenant-sigstore module.
 */
public interface BundleSigner {

  /** Signs {@code artifact} itself: a bundle with a message signature over its SHA-256. */
  Bundle signArtifact(byte[] artifact) throws BundleSigningException;

  /** Signs a DSSE envelope of {@code payload}: a bundle with the envelope. */
  Bundle signDsse(String payloadType, byte[] payload) throws BundleSigningException;
}
