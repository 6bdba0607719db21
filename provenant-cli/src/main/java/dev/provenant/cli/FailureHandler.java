package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.BundleSigningException;
import dev.provenant.core.digest.InvalidDigestException;
import dev.provenant.core.reference.InvalidReferenceException;
import dev.provenant.oci.image.ImageAccessException;
import java.io.UncheckedIOException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command threw into one clear line on standard error (and a JSON error object on
 * standard output with {@code --output json}) and an exit code. A stack trace is printed only when
 * {@code PROVENANT_DEBUG} is set: users need the message, not the frames.
 */
final class FailureHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    CommandFailure failure = classify(exception);
    commandLine.getErr().println("provenant: error: " + Printable.safe(failure.getMessage()));
    // One line each, escaped each: a detail cannot forge a line of its own.
    failure.details().forEach(d -> commandLine.getErr().println("  " + Printable.safe(d)));
    if (System.getenv("PROVENANT_DEBUG") != null) {
      exception.printStackTrace(commandLine.getErr());
    }
    if (wantsJson(parseResult)) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      ObjectNode error = root.putObject("error");
      error.put("kind", failure.kind());
      error.put("message", failure.getMessage());
      if (!failure.details().isEmpty()) {
        failure.details().forEach(error.putArray("details")::add);
      }
      error.put("exitCode", failure.exitCode());
      commandLine.getOut().println(Json.pretty(root));
    }
    commandLine.getErr().flush();
    return failure.exitCode();
  }

  static CommandFailure classify(Throwable exception) {
    return switch (exception) {
      case CommandFailure failure -> failure;
      case ImageAccessException e ->
          new CommandFailure(
              ExitCode.of(e.failure()),
              e.failure().name().toLowerCase(Locale.ROOT),
              e.getMessage(),
              e);
      case BundleSigningException e ->
          new CommandFailure(
              e.unreachable() ? ExitCode.UNREACHABLE : ExitCode.INPUT,
              e.unreachable() ? "unreachable" : "signing_failed",
              e.getMessage(),
              e);
      case InvalidReferenceException e ->
          new CommandFailure(ExitCode.INPUT, "invalid_input", e.getMessage(), e);
      case InvalidDigestException e ->
          new CommandFailure(ExitCode.INPUT, "invalid_input", e.getMessage(), e);
      case IllegalArgumentException e ->
          new CommandFailure(ExitCode.INPUT, "invalid_input", e.getMessage(), e);
      case UncheckedIOException e ->
          new CommandFailure(ExitCode.INPUT, "invalid_input", e.getCause().getMessage(), e);
      default ->
          new CommandFailure(
              ExitCode.INPUT,
              "internal",
              "unexpected "
                  + exception.getClass().getSimpleName()
                  + ": "
                  + exception.getMessage()
                  + " (set PROVENANT_DEBUG=1 for details and report it)",
              exception);
    };
  }

  private static boolean wantsJson(ParseResult parseResult) {
    ParseResult leaf = parseResult;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    return leaf.hasMatchedOption("--output")
        && leaf.matchedOptionValue("--output", OutputFormat.TEXT) == OutputFormat.JSON;
  }
}
