package dev.provenant.cli;

import dev.provenant.core.provenance.CiEnvironment;
import dev.provenant.core.provenance.ProvenanceGenerator;
import dev.provenant.core.provenance.ProvenanceStatement;
import dev.provenant.core.provenance.ProvenanceStatementWriter;
import dev.provenant.core.provenance.ResourceDescriptor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code provenant provenance generate}: SLSA v1 provenance for artifacts this CI run built. */
@Command(
    name = "generate",
    description = {
      "Write an in-toto statement with SLSA v1 provenance for each --subject, built by the CI run"
          + " this runs in (GitHub Actions, GitLab CI) or by the build the generic flags"
          + " describe.",
      "A FILE subject is hashed (sha256); an image subject must carry its digest,"
          + " NAME@sha256:<hex>: tags are not resolved.",
      "The statement goes to --output FILE (the image labels for docker build then go to"
          + " standard output) or to standard output (the labels then go to standard error)."
    })
final class ProvenanceGenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BuildFlags build;

  @Option(
      names = "--subject",
      required = true,
      arity = "1..*",
      paramLabel = "REF|FILE",
      description = "An artifact the build produced: a file, or an image as NAME@sha256:<hex>.")
  List<String> subjects;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the statement to FILE instead of standard output.")
  Path outputFile;

  @Option(
      names = "--started-on",
      paramLabel = "TIME",
      description =
          "When the build started, RFC 3339 (default: CI_JOB_STARTED_AT on GitLab, else now).")
  String startedOn;

  @Option(
      names = "--finished-on",
      paramLabel = "TIME",
      description = "When the build finished, RFC 3339 (default: now).")
  String finishedOn;

  @Override
  public Integer call() throws Exception {
    CiEnvironment ci = build.resolve(ProvenantCommand.environment(spec));
    List<ResourceDescriptor> resolved = new ArrayList<>();
    for (String subject : subjects) {
      resolved.add(Subjects.resolve(subject));
    }
    ProvenanceStatement statement =
        new ProvenanceGenerator(Clock.systemUTC())
            .generate(
                ci, resolved, time("--started-on", startedOn), time("--finished-on", finishedOn));
    byte[] json = new ProvenanceStatementWriter().write(statement);
    String labels = ImageLabelFormat.DOCKER_ARGS.format(ci.name(), ci.imageLabels());

    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (outputFile != null) {
      try {
        Files.write(outputFile, json);
      } catch (IOException e) {
        throw new CommandFailure(
            ExitCode.INPUT,
            "invalid_input",
            "cannot write " + outputFile + ": " + e.getMessage(),
            e);
      }
      out.print(labels);
      err.println(
          "provenant: wrote SLSA v1 provenance ("
              + ci.name()
              + ", "
              + resolved.size()
              + (resolved.size() == 1 ? " subject" : " subjects")
              + ") to "
              + outputFile);
    } else {
      out.print(new String(json, StandardCharsets.UTF_8));
      err.print(labels);
    }
    out.flush();
    err.flush();
    return ExitCode.OK;
  }

  private static Instant time(String flag, String text) throws CommandFailure {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new CommandFailure(
          ExitCode.INPUT,
          "invalid_input",
          flag + " '" + text + "' is not an RFC 3339 time such as 2025-01-31T12:00:00Z",
          e);
    }
  }
}
