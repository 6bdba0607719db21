package dev.provenant.core.keys;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl's {@code crypto_secretbox}: XSalsa20 encryption and a Poly1305 tag, the tag written before
 * the ciphertext as NaCl and Go's {@code x/crypto/nacl/secretbox} do. The first 32 bytes of the
 * XSalsa20 key stream are the one-time Poly1305 key; the message is encrypted with the stream from
 * byte 32 on.
 *
 * @see <a href="https://nacl.cr.yp.to/secretbox.html">NaCl crypto_secretbox</a>
 */
final class SecretBox {
  static final int KEY_SIZE = 32;
  static final int NONCE_SIZE = 24;
  static final int TAG_SIZE = 16;

  private SecretBox() {}

  /** Encrypts and authenticates {@code message}: tag followed by ciphertext. */
  static byte[] seal(byte[] key, byte[] nonce, byte[] message) {
    XSalsa20Engine stream = stream(key, nonce);
    byte[] macKey = keyStream(stream, 32);
    byte[] box = new byte[TAG_SIZE + message.length];
    stream.processBytes(message, 0, message.length, box, TAG_SIZE);
    byte[] tag = tag(macKey, box, TAG_SIZE, message.length);
    System.arraycopy(tag, 0, box, 0, TAG_SIZE);
    Arrays.fill(macKey, (byte) 0);
    return box;
  }

  /**
   * Checks the tag and decrypts; {@code null} when the tag does not match (wrong key or changed
   * ciphertext), never a partial plaintext.
   */
  static byte[] open(byte[] key, byte[] nonce, byte[] box) {
    if (box.length < TAG_SIZE) {
      return null;
    }
    XSalsa20Engine stream = stream(key, nonce);
    byte[] macKey = keyStream(stream, 32);
    byte[] expected = tag(macKey, box, TAG_SIZE, box.length - TAG_SIZE);
    Arrays.fill(macKey, (byte) 0);
    if (!MessageDigest.isEqual(expected, Arrays.copyOf(box, TAG_SIZE))) {
      return null;
    }
    byte[] message = new byte[box.length - TAG_SIZE];
    stream.processBytes(box, TAG_SIZE, message.length, message, 0);
    return message;
  }

  private static XSalsa20Engine stream(byte[] key, byte[] nonce) {
    if (key.length != KEY_SIZE || nonce.length != NONCE_SIZE) {
      throw new IllegalArgumentException("secretbox needs a 32-byte key and a 24-byte nonce");
    }
    XSalsa20Engine engine = new XSalsa20Engine();
    engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    return engine;
  }

  private static byte[] keyStream(XSalsa20Engine stream, int length) {
    byte[] out = new byte[length];
    stream.processBytes(new byte[length], 0, length, out, 0);
    return out;
  }

  private static byte[] tag(byte[] macKey, byte[] data, int offset, int length) {
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(macKey));
    mac.update(data, offset, length);
    byte[] tag = new byte[TAG_SIZE];
    mac.doFinal(tag, 0);
    return tag;
  }
}
