package dev.provenant.core.tlog;

import dev.provenant.core.keys.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A transparency log checkpoint: a signed note whose text is the log's origin, its tree size and
 * root hash (and optional extension lines), followed by a blank line and one or more signature
 * lines {@code "— <name> <base64(4-byte key hint || signature)>"}.
 *
 * <p>Lines other than the log's own signature (witness cosignatures, signatures by unknown keys)
 * are ignored, wherever they stand: sigstore-conformance's {@code
 * rekor2-checkpoint-origin-not-first} puts a witness line first.
 *
 * @see <a href="https://github.com/C2SP/C2SP/blob/main/signed-note.md">C2SP signed note</a>
 * @see <a href="https://github.com/C2SP/C2SP/blob/main/tlog-checkpoint.md">C2SP tlog checkpoint</a>
 */
public record Checkpoint(
    String origin,
    long treeSize,
    byte[] rootHash,
    byte[] signedText,
    List<NoteSignature> signatures) {

  /** One signature line of the note. */
  public record NoteSignature(String name, byte[] keyHint, byte[] signature) {}

  public Checkpoint {
    signatures = List.copyOf(signatures);
  }

  /**
   * Parses a checkpoint envelope.
   *
   * @throws IllegalArgumentException naming the part that is missing or malformed
   */
  public static Checkpoint parse(String envelope) {
    int split = envelope.indexOf("\n\n");
    if (split < 0) {
      throw new IllegalArgumentException("the checkpoint has no blank line before its signatures");
    }
    String text = envelope.substring(0, split + 1);
    String[] lines = text.split("\n", -1);
    // lines ends with "" after the final newline of the text.
    if (lines.length < 4) {
      throw new IllegalArgumentException(
          "the checkpoint needs an origin, a tree size and a root hash line; it has "
              + (lines.length - 1)
              + " line(s)");
    }
    String origin = lines[0];
    if (origin.isEmpty()) {
      throw new IllegalArgumentException("the checkpoint's origin line is empty");
    }
    long size;
    try {
      size = Long.parseUnsignedLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the checkpoint's second line '" + lines[1] + "' is not a tree size", e);
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the checkpoint's third line '" + lines[2] + "' is not a base64 root hash", e);
    }
    if (root.length != 32) {
      throw new IllegalArgumentException(
          "the checkpoint's root hash has " + root.length + " bytes, not 32");
    }
    List<NoteSignature> signatures = new ArrayList<>();
    for (String line : envelope.substring(split + 2).split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (!line.startsWith("\u2014 ")) {
        throw new IllegalArgumentException("malformed checkpoint signature line '" + line + "'");
      }
      String[] parts = line.substring(2).split(" ");
      if (parts.length != 2) {
        throw new IllegalArgumentException("malformed checkpoint signature line '" + line + "'");
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(parts[1]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("checkpoint signature line is not base64: " + line, e);
      }
      if (raw.length < 5) {
        throw new IllegalArgumentException("checkpoint signature line too short: " + line);
      }
      signatures.add(
          new NoteSignature(
              parts[0], Arrays.copyOf(raw, 4), Arrays.copyOfRange(raw, 4, raw.length)));
    }
    if (signatures.isEmpty()) {
      throw new IllegalArgumentException("the checkpoint carries no signature");
    }
    return new Checkpoint(origin, size, root, text.getBytes(StandardCharsets.UTF_8), signatures);
  }

  /**
   * Whether a signature line by {@code name} with the key hint {@code logId[0..4]} verifies with
   * {@code key}. Every other line is ignored.
   */
  public boolean signedBy(String name, byte[] logId, PublicKey key) {
    byte[] hint = Arrays.copyOf(logId, 4);
    for (NoteSignature signature : signatures) {
      if (signature.name().equals(name)
          && Arrays.equals(signature.keyHint(), hint)
          && SignatureVerifier.verify(key, signedText, signature.signature())) {
        return true;
      }
    }
    return false;
  }
}
