package dev.provenant.core.bundle;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.Envelope;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SigningKey;
import java.util.List;
import java.util.Objects;

/**
 * Signs with a managed key and nothing else: a v0.3 bundle whose verification material is a hint
 * naming the key (its fingerprint), with no transparency log entry and no timestamp. A verifier
 * must be told to accept that ({@code --insecure-ignore-tlog}, as with cosign's {@code
 * --tlog-upload=false}); a signer that also logs wraps this one.
 */
public final class KeyedBundleSigner implements BundleSigner {
  private final SigningKey key;

  public KeyedBundleSigner(SigningKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  @Override
  public Bundle signArtifact(byte[] artifact) {
    MessageSignature signature = new MessageSignature(Digest.sha256(artifact), key.sign(artifact));
    return new Bundle(BundleMediaType.V0_3, hint(), List.of(), List.of(), signature, null);
  }

  @Override
  public Bundle signDsse(String payloadType, byte[] payload) {
    byte[] pae = new Envelope(payloadType, payload, List.of()).pae();
    Envelope envelope =
        new Envelope(payloadType, payload, List.of(new Envelope.Signature(key.sign(pae), "")));
    return new Bundle(BundleMediaType.V0_3, hint(), List.of(), List.of(), null, envelope);
  }

  /** The key, for signers that add evidence (a log entry names the key) around this one. */
  public SigningKey key() {
    return key;
  }

  private SigningMaterial hint() {
    return new SigningMaterial.PublicKeyHint(PublicKeys.fingerprint(key.publicKey()));
  }
}
