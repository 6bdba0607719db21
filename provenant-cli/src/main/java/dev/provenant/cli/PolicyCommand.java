package dev.provenant.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code provenant policy}: tools for policy authors. */
@Command(
    name = "policy",
    description =
        "Tools for ImagePolicy authors: 'lint' checks policy files, 'test' decides one image and"
            + " compares with the expected outcome.",
    subcommands = {PolicyLintCommand.class, PolicyTestCommand.class})
final class PolicyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "a subcommand is required, such as 'provenant policy lint policy.yaml'");
  }
}
