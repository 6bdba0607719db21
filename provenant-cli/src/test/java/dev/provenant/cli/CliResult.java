package dev.provenant.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One in-process run of the command line: its exit code and what it printed. */
record CliResult(int exitCode, String out, String err) {

  /**
   * Command-line arguments from strings and lists of strings ({@link SigstoreMock#keylessFlags}),
   * in order.
   */
  static String[] args(Object... parts) {
    java.util.List<String> all = new java.util.ArrayList<>();
    for (Object part : parts) {
      if (part instanceof java.util.Collection<?> many) {
        many.forEach(p -> all.add((String) p));
      } else {
        all.add((String) part);
      }
    }
    return all.toArray(String[]::new);
  }

  static CliResult run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliResult(code, out.toString(), err.toString());
  }

  /** Runs with passwords from {@code passwords} instead of the real environment and terminal. */
  static CliResult runWith(PasswordSource passwords, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            passwords,
            System.getenv());
    return new CliResult(code, out.toString(), err.toString());
  }

  /** Runs with {@code environment} as the only environment variables the verbs see. */
  static CliResult runWithEnvironment(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PasswordSource passwords = new PasswordSource(environment, () -> null);
    int code =
        Main.run(
            args, new PrintWriter(out, true), new PrintWriter(err, true), passwords, environment);
    return new CliResult(code, out.toString(), err.toString());
  }
}
