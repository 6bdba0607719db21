package dev.provenant.cli;

import picocli.CommandLine.Option;

/** The {@code --output text|json} option every verb has. */
final class OutputOption {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.TEXT;

  boolean json() {
    return format == OutputFormat.JSON;
  }
}
