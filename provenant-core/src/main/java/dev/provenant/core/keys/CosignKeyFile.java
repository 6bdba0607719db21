package dev.provenant.core.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Reads and writes cosign's password-protected private key files ({@code cosign.key}): a PEM block
 * {@code ENCRYPTED SIGSTORE PRIVATE KEY} (older cosign: {@code ENCRYPTED COSIGN PRIVATE KEY}) whose
 * body is the JSON of go-securesystemslib's {@code encrypted} package: a key derived from the
 * password with scrypt, and the PKCS#8 DER private key sealed with NaCl secretbox under it.
 *
 * <pre>{"kdf":{"name":"scrypt","params":{"N":32768,"r":8,"p":1},"salt":"&lt;32 bytes&gt;"},
 *  "cipher":{"name":"nacl/secretbox","nonce":"&lt;24 bytes&gt;"},"ciphertext":"&lt;tag+box&gt;"}
 * </pre>
 *
 * (byte strings in standard base64, as Go's encoding/json writes {@code []byte}).
 *
 * @see <a href="https://docs.sigstore.dev/cosign/specifications/">cosign signature specification,
 *     key format</a>
 */
public final class CosignKeyFile {
  static final String SIGSTORE_TYPE = "ENCRYPTED SIGSTORE PRIVATE KEY";
  static final String COSIGN_TYPE = "ENCRYPTED COSIGN PRIVATE KEY";

  /** What cosign writes: ~100 ms of work and 32 MiB of memory. */
  private static final int WRITE_N = 32768;

  private static final int WRITE_R = 8;
  private static final int WRITE_P = 1;
  private static final int SALT_SIZE = 32;

  /**
   * Bounds on the parameters read from a file, which an attacker may have written: scrypt needs
   * 128·N·r bytes of memory and p times the work, so unbounded values would exhaust memory or time
   * before the password could even be checked. These admit every file cosign has written (N=32768,
   * r=8, p=1) and securesystemslib's stronger setting (N=65536).
   */
  private static final int MAX_N = 1 << 20;

  private static final int MAX_R = 32;
  private static final int MAX_P = 16;
  private static final long MAX_MEMORY = 256L << 20;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private CosignKeyFile() {}

  /**
   * Decrypts a cosign key file.
   *
   * @throws InvalidKeyException when the file is not a cosign key file or is malformed; the message
   *     names what is wrong
   * @throws WrongPasswordException when the password does not open it
   */
  public static SigningKey decrypt(String pem, char[] password)
      throws InvalidKeyException, WrongPasswordException {
    return decrypt(pem, password, "the private key");
  }

  /**
   * Decrypts a cosign key file, naming it {@code what} (such as its file name) in a wrong-password
   * message.
   */
  public static SigningKey decrypt(String pem, char[] password, String what)
      throws InvalidKeyException, WrongPasswordException {
    PemBlock block = cosignBlock(pem);
    JsonNode root;
    try {
      root = MAPPER.readTree(block.der());
    } catch (JsonProcessingException e) {
      throw new InvalidKeyException(
          "the '" + block.type() + "' body is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new InvalidKeyException("the '" + block.type() + "' body cannot be read", e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidKeyException("the '" + block.type() + "' body is not a JSON object");
    }
    String kdf = text(root, "/kdf/name");
    if (!"scrypt".equals(kdf)) {
      throw new InvalidKeyException("unsupported kdf " + quoted(kdf) + ": only scrypt is known");
    }
    String cipher = text(root, "/cipher/name");
    if (!"nacl/secretbox".equals(cipher)) {
      throw new InvalidKeyException(
          "unsupported cipher " + quoted(cipher) + ": only nacl/secretbox is known");
    }
    int n = integer(root, "/kdf/params/N");
    int r = integer(root, "/kdf/params/r");
    int p = integer(root, "/kdf/params/p");
    checkScryptParameters(n, r, p);
    byte[] salt = bytes(root, "/kdf/salt");
    if (salt.length == 0) {
      throw new InvalidKeyException("kdf.salt is empty");
    }
    byte[] nonce = bytes(root, "/cipher/nonce");
    if (nonce.length != SecretBox.NONCE_SIZE) {
      throw new InvalidKeyException(
          "cipher.nonce has " + nonce.length + " bytes; nacl/secretbox needs 24");
    }
    byte[] ciphertext = bytes(root, "/ciphertext");
    if (ciphertext.length < SecretBox.TAG_SIZE) {
      throw new InvalidKeyException(
          "ciphertext has " + ciphertext.length + " bytes, fewer than the 16-byte Poly1305 tag");
    }
    byte[] key = deriveKey(password, salt, n, r, p);
    byte[] der = SecretBox.open(key, nonce, ciphertext);
    Arrays.fill(key, (byte) 0);
    if (der == null) {
      throw new WrongPasswordException(what);
    }
    try {
      if (PrivateKeys.isSec1(der)) {
        // cosign's LoadPrivateKey parses only PKCS#8 and refuses this too; see docs/signing.md.
        throw new InvalidKeyException(
            "the decrypted key is a SEC1 'EC PRIVATE KEY', but cosign key files hold PKCS#8"
                + " (cosign refuses this file too); import the original unencrypted key with"
                + " 'provenant import-key-pair --key FILE' to make a standard key file");
      }
      return PrivateKeys.fromPkcs8(der);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /**
   * Encrypts {@code key} as cosign does today: an {@code ENCRYPTED SIGSTORE PRIVATE KEY} block,
   * scrypt N=32768 r=8 p=1 with a fresh 32-byte salt, secretbox with a fresh 24-byte nonce.
   */
  public static String encrypt(SigningKey key, char[] password) {
    byte[] salt = random(SALT_SIZE);
    byte[] nonce = random(SecretBox.NONCE_SIZE);
    byte[] derived = deriveKey(password, salt, WRITE_N, WRITE_R, WRITE_P);
    byte[] der = key.privateKey().getEncoded();
    byte[] ciphertext = SecretBox.seal(derived, nonce, der);
    Arrays.fill(derived, (byte) 0);
    Arrays.fill(der, (byte) 0);

    Base64.Encoder base64 = Base64.getEncoder();
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode kdf = root.putObject("kdf");
    kdf.put("name", "scrypt");
    ObjectNode params = kdf.putObject("params");
    params.put("N", WRITE_N);
    params.put("r", WRITE_R);
    params.put("p", WRITE_P);
    kdf.put("salt", base64.encodeToString(salt));
    ObjectNode cipher = root.putObject("cipher");
    cipher.put("name", "nacl/secretbox");
    cipher.put("nonce", base64.encodeToString(nonce));
    root.put("ciphertext", base64.encodeToString(ciphertext));
    try {
      return PemBlock.write(SIGSTORE_TYPE, MAPPER.writeValueAsBytes(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static PemBlock cosignBlock(String pem) throws InvalidKeyException {
    List<PemBlock> blocks = PemBlock.all(pem);
    for (PemBlock block : blocks) {
      if (block.type().equals(SIGSTORE_TYPE) || block.type().equals(COSIGN_TYPE)) {
        return block;
      }
    }
    for (PemBlock block : blocks) {
      if (block.type().endsWith("PRIVATE KEY")) {
        throw new InvalidKeyException(
            "this is a '"
                + block.type()
                + "', not a cosign key file; make one from it with 'provenant import-key-pair"
                + " --key FILE'");
      }
    }
    throw new InvalidKeyException(
        "no PEM '" + SIGSTORE_TYPE + "' or '" + COSIGN_TYPE + "' block found");
  }

  private static void checkScryptParameters(int n, int r, int p) throws InvalidKeyException {
    if (n < 2 || n > MAX_N || Integer.bitCount(n) != 1) {
      throw new InvalidKeyException(
          "kdf.params.N is " + n + "; it must be a power of two from 2 to " + MAX_N);
    }
    if (r < 1 || r > MAX_R) {
      throw new InvalidKeyException("kdf.params.r is " + r + "; it must be from 1 to " + MAX_R);
    }
    if (p < 1 || p > MAX_P) {
      throw new InvalidKeyException("kdf.params.p is " + p + "; it must be from 1 to " + MAX_P);
    }
    if (128L * n * r > MAX_MEMORY) {
      throw new InvalidKeyException(
          "kdf.params N="
              + n
              + " r="
              + r
              + " would need "
              + (128L * n * r >> 20)
              + " MiB for scrypt; at most "
              + (MAX_MEMORY >> 20)
              + " MiB is allowed");
    }
  }

  /** scrypt over the password's UTF-8 bytes, as Go's {@code []byte(password)}. */
  private static byte[] deriveKey(char[] password, byte[] salt, int n, int r, int p) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    Arrays.fill(encoded.array(), (byte) 0);
    try {
      return SCrypt.generate(bytes, salt, n, r, p, SecretBox.KEY_SIZE);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static String text(JsonNode root, String pointer) {
    JsonNode node = root.at(pointer);
    return node.isTextual() ? node.asText() : null;
  }

  private static int integer(JsonNode root, String pointer) throws InvalidKeyException {
    JsonNode node = root.at(pointer);
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new InvalidKeyException(name(pointer) + " is missing or not an integer");
    }
    return node.intValue();
  }

  private static byte[] bytes(JsonNode root, String pointer) throws InvalidKeyException {
    JsonNode node = root.at(pointer);
    if (!node.isTextual()) {
      throw new InvalidKeyException(name(pointer) + " is missing or not a base64 string");
    }
    try {
      return Base64.getDecoder().decode(node.asText());
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyException(name(pointer) + " is not valid base64", e);
    }
  }

  private static String name(String pointer) {
    return pointer.substring(1).replace('/', '.');
  }

  private static String quoted(String value) {
    return value == null ? "(none)" : "'" + value + "'";
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
