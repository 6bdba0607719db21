package dev.provenant.core.dsse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The DSSE v1 pre-authentication encoding: what a DSSE signature is actually computed over.
 *
 * <pre>PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</pre>
 *
 * where LEN is the byte length in ASCII decimal without leading zeros.
 *
 * @see <a href="https://github.com/secure-systems-lab/dsse/blob/master/protocol.md">DSSE
 *     protocol</a>
 */
public final class Pae {
  private Pae() {}

  /** The bytes a DSSE signature over {@code payload} of {@code payloadType} signs. */
  public static byte[] encode(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }
}
