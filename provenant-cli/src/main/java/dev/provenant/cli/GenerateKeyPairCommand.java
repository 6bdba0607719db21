package dev.provenant.cli;

import dev.provenant.core.keys.SigningKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code provenant generate-key-pair}: a new P-256 signing key in cosign's key file format. */
@Command(
    name = "generate-key-pair",
    description = {
      "Generate an EC P-256 key pair: NAME.key, encrypted with a password in cosign's format"
          + " (mode 0600), and NAME.pub.",
      "The password comes from COSIGN_PASSWORD, then PROVENANT_PASSWORD (empty is allowed),"
          + " else it is asked twice on the terminal."
    })
final class GenerateKeyPairCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOption output;

  @Option(
      names = "--output-key-prefix",
      paramLabel = "NAME",
      defaultValue = "cosign",
      description = "Write NAME.key and NAME.pub (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--force", description = "Overwrite NAME.key and NAME.pub if they exist.")
  boolean force;

  @Override
  public Integer call() throws CommandFailure {
    KeyPairFiles files = new KeyPairFiles(prefix);
    files.checkOverwrite(force);
    files.write(
        SigningKey.generateEcP256(),
        ProvenantCommand.passwords(spec),
        force,
        new KeyPairFiles.Streams(
            spec.commandLine().getOut(), spec.commandLine().getErr(), output.json()));
    return ExitCode.OK;
  }
}
