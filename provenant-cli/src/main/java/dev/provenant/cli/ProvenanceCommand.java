package dev.provenant.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code provenant provenance}: the SLSA provenance verbs. */
@Command(
    name = "provenance",
    description = "SLSA build provenance: 'generate' writes it for artifacts this CI run built.",
    subcommands = {ProvenanceGenerateCommand.class})
final class ProvenanceCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "a subcommand is required, such as 'provenant provenance generate --subject FILE'");
  }
}
