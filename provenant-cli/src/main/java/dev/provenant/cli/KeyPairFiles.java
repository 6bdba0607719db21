package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.keys.CosignKeyFile;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * Writes a key pair the way {@code cosign generate-key-pair} does: {@code PREFIX.key} (encrypted,
 * readable by its owner only) and {@code PREFIX.pub}, refusing to replace either unless forced.
 */
final class KeyPairFiles {
  private final Path privateKey;
  private final Path publicKey;

  KeyPairFiles(String prefix) {
    this.privateKey = Path.of(prefix + ".key");
    this.publicKey = Path.of(prefix + ".pub");
  }

  /**
   * Fails, before anything is asked or written, when a file exists and {@code force} is not set.
   */
  void checkOverwrite(boolean force) throws CommandFailure {
    if (force) {
      return;
    }
    for (Path file : new Path[] {privateKey, publicKey}) {
      if (Files.exists(file)) {
        throw new CommandFailure(
            ExitCode.INPUT,
            "invalid_input",
            file + " already exists; pass --force to overwrite it (nothing was written)",
            null);
      }
    }
  }

  /** Encrypts {@code key} with a password from {@code passwords} and writes both files. */
  void write(SigningKey key, PasswordSource passwords, boolean force, Streams out)
      throws CommandFailure {
    checkOverwrite(force);
    char[] password = passwords.forNewKey();
    String encrypted;
    try {
      encrypted = CosignKeyFile.encrypt(key, password);
    } finally {
      Arrays.fill(password, '\0');
    }
    writeOwnerOnly(privateKey, encrypted);
    out.err().println("Private key written to " + privateKey);
    writeFile(publicKey, PublicKeys.toPem(key.publicKey()));
    out.err().println("Public key written to " + publicKey);
    if (out.json()) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.put("privateKey", privateKey.toString());
      root.put("publicKey", publicKey.toString());
      out.out().println(Json.pretty(root));
    }
    out.out().flush();
    out.err().flush();
  }

  /** Where a command prints: its two streams and whether JSON was asked for. */
  record Streams(PrintWriter out, PrintWriter err, boolean json) {}

  /**
   * Writes to a temporary file created with mode 0600 next to {@code file}, then moves it into
   * place, so that the private key is never readable by others, not even for a moment, and an
   * existing file replaced with --force does not keep its old, maybe wider, mode.
   */
  private static void writeOwnerOnly(Path file, String content) throws CommandFailure {
    Path directory = file.toAbsolutePath().getParent();
    Path temporary = null;
    try {
      temporary =
          Files.createTempFile(
              directory,
              ".provenant-",
              ".key.tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temporary, content, StandardCharsets.US_ASCII);
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temporary = null;
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the directory's access rules apply instead.
      writeFile(file, content);
    } catch (IOException e) {
      throw cannotWrite(file, e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // The write already failed and says so; a leftover temporary file holds only ciphertext.
        }
      }
    }
  }

  private static void writeFile(Path file, String content) throws CommandFailure {
    try {
      Files.writeString(file, content, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
  }

  private static CommandFailure cannotWrite(Path file, IOException e) {
    String reason =
        switch (e) {
          case NoSuchFileException ignored -> "its directory does not exist";
          case AccessDeniedException ignored -> "permission denied";
          default -> e.getMessage();
        };
    return new CommandFailure(
        ExitCode.INPUT, "invalid_input", "cannot write " + file + ": " + reason, e);
  }
}
