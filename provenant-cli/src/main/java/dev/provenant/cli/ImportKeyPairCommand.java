package dev.provenant.cli;

import dev.provenant.core.keys.InvalidKeyException;
import dev.provenant.core.keys.PrivateKeys;
import dev.provenant.core.keys.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.interfaces.RSAKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code provenant import-key-pair}: an existing PEM private key into cosign's key format. */
@Command(
    name = "import-key-pair",
    description = {
      "Encrypt an existing PEM private key in cosign's format: NAME.key (mode 0600) and"
          + " NAME.pub.",
      "Reads PKCS#8 'PRIVATE KEY' (EC P-256/P-384, RSA, Ed25519), SEC1 'EC PRIVATE KEY' and"
          + " PKCS#1 'RSA PRIVATE KEY'. The password comes as for generate-key-pair."
    })
final class ImportKeyPairCommand implements Callable<Integer> {
  /** cosign's goodkey check refuses smaller RSA keys; so does Provenant. */
  private static final int MIN_RSA_BITS = 2048;

  @Spec CommandSpec spec;
  @Mixin OutputOption output;

  @Option(
      names = {"-k", "--key"},
      required = true,
      paramLabel = "FILE",
      description = "The unencrypted PEM private key to import.")
  Path key;

  @Option(
      names = "--output-key-prefix",
      paramLabel = "NAME",
      defaultValue = "import-cosign",
      description = "Write NAME.key and NAME.pub (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--force", description = "Overwrite NAME.key and NAME.pub if they exist.")
  boolean force;

  @Override
  public Integer call() throws CommandFailure {
    KeyPairFiles files = new KeyPairFiles(prefix);
    files.checkOverwrite(force);
    SigningKey signingKey = read(key);
    files.write(
        signingKey,
        ProvenantCommand.passwords(spec),
        force,
        new KeyPairFiles.Streams(
            spec.commandLine().getOut(), spec.commandLine().getErr(), output.json()));
    return ExitCode.OK;
  }

  private static SigningKey read(Path file) throws CommandFailure {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw invalid(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw invalid(file + ": permission denied", e);
    } catch (IOException e) {
      throw invalid(file + ": cannot be read: " + e.getMessage(), e);
    }
    SigningKey signingKey;
    try {
      signingKey = PrivateKeys.parsePem(pem);
    } catch (InvalidKeyException e) {
      throw invalid(file + ": " + e.getMessage(), e);
    }
    if (signingKey.publicKey() instanceof RSAKey rsa
        && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
      throw invalid(
          file
              + ": the RSA key has "
              + rsa.getModulus().bitLength()
              + " bits; at least "
              + MIN_RSA_BITS
              + " are needed",
          null);
    }
    return signingKey;
  }

  private static CommandFailure invalid(String message, Throwable cause) {
    return new CommandFailure(ExitCode.INPUT, "invalid_input", message, cause);
  }
}
