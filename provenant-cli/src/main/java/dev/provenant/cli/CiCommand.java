package dev.provenant.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code provenant ci}: what the CI run says about itself. */
@Command(
    name = "ci",
    description = "The CI run: 'labels' prints the image labels that link an image to it.",
    subcommands = {CiLabelsCommand.class})
final class CiCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a subcommand is required, such as 'provenant ci labels'");
  }
}
