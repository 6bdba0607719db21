package dev.provenant.cli;

import dev.provenant.core.keys.CosignKeyFile;
import dev.provenant.core.keys.InvalidKeyException;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SigningKey;
import dev.provenant.core.keys.WrongPasswordException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Loads the key files the signing and verification verbs are given. */
final class KeyFiles {
  private KeyFiles() {}

  /** Reads and decrypts a cosign private key file, asking {@code passwords} for its password. */
  static SigningKey signingKey(Path file, PasswordSource passwords) throws CommandFailure {
    String pem = read(file, "private key");
    if (!pem.contains("ENCRYPTED SIGSTORE PRIVATE KEY")
        && !pem.contains("ENCRYPTED COSIGN PRIVATE KEY")) {
      throw new CommandFailure(
          ExitCode.INPUT,
          "invalid_input",
          file
              + " is not a cosign private key file; make one with `provenant generate-key-pair`,"
              + " or wrap an existing key with `provenant import-key-pair --key "
              + file
              + "`",
          null);
    }
    char[] password = passwords.forExistingKey();
    try {
      return CosignKeyFile.decrypt(pem, password, file.toString());
    } catch (WrongPasswordException e) {
      throw new CommandFailure(ExitCode.INPUT, "invalid_input", e.getMessage(), e);
    } catch (InvalidKeyException e) {
      throw new CommandFailure(ExitCode.INPUT, "invalid_input", file + ": " + e.getMessage(), e);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** Reads PEM public keys, one per file. */
  static List<PublicKey> publicKeys(List<Path> files) throws CommandFailure {
    List<PublicKey> keys = new ArrayList<>();
    for (Path file : files) {
      try {
        keys.add(PublicKeys.parsePem(read(file, "public key")));
      } catch (InvalidKeyException e) {
        throw new CommandFailure(ExitCode.INPUT, "invalid_input", file + ": " + e.getMessage(), e);
      }
    }
    return keys;
  }

  private static String read(Path file, String what) throws CommandFailure {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new CommandFailure(
          ExitCode.INPUT, "invalid_input", what + " file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.INPUT,
          "invalid_input",
          what + " file " + file + " cannot be read: " + e.getMessage(),
          e);
    }
  }
}
