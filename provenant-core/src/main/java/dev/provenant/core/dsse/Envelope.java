package dev.provenant.core.dsse;

import java.util.List;
import java.util.Objects;

/**
 * A DSSE envelope: a typed payload and the signatures over its {@link Pae pre-authentication
 * encoding}.
 *
 * @see <a href="https://github.com/secure-systems-lab/dsse/blob/master/envelope.md">DSSE
 *     envelope</a>
 */
public record Envelope(String payloadType, byte[] payload, List<Signature> signatures) {

  /** One signature; {@code keyId} is an unauthenticated hint and may be empty. */
  public record Signature(byte[] sig, String keyId) {
    public Signature {
      Objects.requireNonNull(sig, "sig");
      keyId = keyId == null ? "" : keyId;
    }
  }

  public Envelope {
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(payload, "payload");
    signatures = List.copyOf(signatures);
  }

  /** The bytes each signature signs: {@code PAE(payloadType, payload)}. */
  public byte[] pae() {
    return Pae.encode(payloadType, payload);
  }
}
