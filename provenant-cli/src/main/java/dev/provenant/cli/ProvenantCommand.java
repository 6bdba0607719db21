package dev.provenant.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level command: lists the verbs. */
@Command(
    name = "provenant",
    mixinStandardHelpOptions = true,
    // Every verb gets -h/--help and the exit-code footer too.
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = VersionCommand.Provider.class,
    description =
        "Proves that an image, jar or tarball is genuine, traceable to its build, and unchanged.",
    footer = {
      "",
      "Exit codes:",
      "  0  verified or done",
      "  1  not verified (content does not match its digest, a signature is refused)",
      "  2  usage or input error",
      "  3  a registry or other dependency could not be reached"
    })
final class ProvenantCommand implements Runnable {
  @Spec CommandSpec spec;

  private final PasswordSource passwords;
  private final Map<String, String> environment;

  ProvenantCommand() {
    this(PasswordSource.system(), System.getenv());
  }

  /**
   * With the password source the verbs that read or write private keys use, and the environment
   * variables the verbs read ({@code COSIGN_REPOSITORY}…), which tests replace.
   */
  ProvenantCommand(PasswordSource passwords, Map<String, String> environment) {
    this.passwords = passwords;
    this.environment = Map.copyOf(environment);
  }

  /** The environment variables of the command line that {@code spec} belongs to. */
  static Map<String, String> environment(CommandSpec spec) {
    return ((ProvenantCommand) spec.root().userObject()).environment;
  }

  /** The password source of the command line that {@code spec} belongs to. */
  static PasswordSource passwords(CommandSpec spec) {
    return ((ProvenantCommand) spec.root().userObject()).passwords;
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a command is required, such as 'provenant inspect REF'");
  }
}
