package dev.provenant.cli;

import dev.provenant.core.provenance.CiEnvironment;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code provenant ci labels}: the image labels that link an image to this CI run. */
@Command(
    name = "labels",
    description = {
      "Print the image labels that link an image to this CI run: security.ox.image.ci.repo.id,"
          + " security.ox.image.ci.job.id, security.ox.image.ci.source (GitHub Actions, GitLab"
          + " CI), org.opencontainers.image.source and org.opencontainers.image.revision.",
      "  docker build $(provenant ci labels) -t IMAGE ."
    })
final class CiLabelsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin BuildFlags build;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "docker-args",
      description =
          "docker-args ('--label k=v' lines for docker build), env ('k=v' lines, for docker build"
              + " --label-file) or json (default: ${DEFAULT-VALUE}; --output json is json).")
  String format;

  @Override
  public Integer call() throws Exception {
    ImageLabelFormat labelFormat =
        output.json() ? ImageLabelFormat.JSON : ImageLabelFormat.parse(format);
    CiEnvironment ci = build.resolve(ProvenantCommand.environment(spec));
    spec.commandLine().getOut().print(labelFormat.format(ci.name(), ci.imageLabels()));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
