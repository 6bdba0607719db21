package dev.provenant.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** The {@code provenant} command's entry point. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line and returns its exit code; used by the tests as well. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, PasswordSource.system(), System.getenv());
  }

  /**
   * Runs one command line with passwords from {@code passwords} and {@code environment} as the
   * environment variables the verbs read, as tests do.
   */
  static int run(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      PasswordSource passwords,
      Map<String, String> environment) {
    CommandLine commandLine = new CommandLine(new ProvenantCommand(passwords, environment));
    Verbs.addTo(commandLine, args);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    commandLine.setExecutionExceptionHandler(new FailureHandler());
    try {
      return commandLine.execute(args);
    } catch (Error e) {
      // Out of memory, a stack overflow: say so in one line, with a code that means "failed", not
      // "not verified" (1) — a verification that could not run did not find anything.
      err.println(
          "provenant: error: internal failure ("
              + e.getClass().getSimpleName()
              + "); nothing was decided. Set PROVENANT_DEBUG=1 for details, or give the JVM more"
              + " memory with PROVENANT_JAVA_OPTS=-Xmx1g");
      if (System.getenv("PROVENANT_DEBUG") != null) {
        e.printStackTrace(err);
      }
      err.flush();
      return ExitCode.INPUT;
    }
  }
}
