package dev.provenant.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line: its exit code and what it printed. */
record CliResult(int exitCode, String out, String err) {

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
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), passwords);
    return new CliResult(code, out.toString(), err.toString());
  }
}
