package dev.provenant.cli;

import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.Platform;
import dev.provenant.oci.location.ImageLocation;
import dev.provenant.oci.location.ImageOpener;
import dev.provenant.oci.location.OpenedImage;
import dev.provenant.sbom.SbomGenerator;
import dev.provenant.sbom.fs.DirectoryFileSystem;
import dev.provenant.sbom.fs.ImageFileSystem;
import dev.provenant.sbom.model.Component;
import dev.provenant.sbom.model.Subject;
import dev.provenant.sbom.output.CycloneDxWriter;
import dev.provenant.sbom.output.SbomWriteException;
import dev.provenant.sbom.output.SpdxWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code provenant sbom}: the packages installed in an image or a directory, as an SBOM. */
@Command(
    name = "sbom",
    description = {
      "List the packages in an image or a directory (dpkg, apk, RPM, Java archives, npm, Python,"
          + " Go) as an SBOM.",
      "SOURCE is a registry reference, oci:DIR[:TAG|@DIGEST], oci-archive:FILE[:TAG],"
          + " docker-archive:FILE[:REPO:TAG] or dir:PATH. Layers are streamed and checked against"
          + " their digests; nothing is unpacked to disk. The SBOM is CycloneDX 1.6 or SPDX 2.3 JSON."
    })
final class SbomCommand implements Callable<Integer> {
  private static final String DIR_PREFIX = "dir:";

  /** A transport-like prefix ({@code word:}) followed by neither a tag nor a registry port. */
  private static final Pattern PREFIX = Pattern.compile("^([a-z][a-z0-9+.-]*):(.*)$");

  private static final Pattern TAG_OR_PORT =
      Pattern.compile("^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@.*)?|[0-9]+/.*)$");

  /** The SBOM formats. */
  enum Format {
    CYCLONEDX_JSON("cyclonedx-json"),
    SPDX_JSON("spdx-json");

    private final String text;

    Format(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  @Spec CommandSpec spec;
  @Mixin RegistryFlags registryFlags;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "cyclonedx-json",
      converter = FormatConverter.class,
      description = "cyclonedx-json (CycloneDX 1.6, the default) or spdx-json (SPDX 2.3).")
  Format format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the SBOM to FILE instead of standard output.")
  Path outputFile;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description = "For an index, the platform whose image to catalog, e.g. linux/arm64.")
  String platform;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "The image or directory.")
  String source;

  @Override
  public Integer call() throws Exception {
    Subject subject;
    List<Component> components;
    SbomGenerator generator = SbomGenerator.withDefaults();
    if (source.startsWith(DIR_PREFIX)) {
      Path path = Path.of(source.substring(DIR_PREFIX.length()));
      DirectoryFileSystem files;
      try {
        files = DirectoryFileSystem.open(path);
      } catch (IOException e) {
        throw new CommandFailure(
            ExitCode.INPUT, "not_found", source + ": " + path + " is not a directory", e);
      }
      subject = Subject.directory(path.toString());
      components = catalog(generator, files);
    } else {
      rejectUnknownPrefix(source);
      Platform wanted = platform == null ? null : Platform.parse(platform);
      ImageLocation location = ImageLocation.parse(source);
      String registry =
          location instanceof ImageLocation.Registry(var reference) ? reference.registry() : null;
      try (OpenedImage image = new ImageOpener(registryFlags.toOptions(registry)).open(location)) {
        ImageFileSystem files = ImageFileSystem.open(image, wanted);
        String repository =
            location instanceof ImageLocation.Registry(var reference) ? reference.name() : null;
        subject = Subject.image(repository, location.display(), files.imageDigest());
        components = catalog(generator, files);
      }
    }
    String document;
    try {
      document =
          switch (format) {
            case CYCLONEDX_JSON ->
                new CycloneDxWriter(Clock.systemUTC(), VersionCommand.version())
                    .write(subject, components);
            case SPDX_JSON ->
                new SpdxWriter(Clock.systemUTC(), VersionCommand.version())
                    .write(subject, components);
          };
    } catch (SbomWriteException e) {
      throw new CommandFailure(ExitCode.INPUT, "internal", e.getMessage(), e);
    }
    if (outputFile != null) {
      Files.writeString(outputFile, document + "\n", StandardCharsets.UTF_8);
      spec.commandLine()
          .getErr()
          .println(
              "provenant: wrote "
                  + components.size()
                  + " components of "
                  + subject.name()
                  + " to "
                  + outputFile);
    } else {
      PrintWriter out = spec.commandLine().getOut();
      out.println(document);
      out.flush();
    }
    return ExitCode.OK;
  }

  private List<Component> catalog(SbomGenerator generator, dev.provenant.sbom.fs.FileSystemView v)
      throws CommandFailure {
    try {
      return generator.generate(v);
    } catch (IOException e) {
      if (e.getCause() instanceof ImageAccessException access) {
        throw FailureHandler.classify(access);
      }
      throw new CommandFailure(
          ExitCode.INPUT, "invalid_input", "cannot catalog " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses {@code tar:/x} or {@code docker-daemon:x}: a registry reference never has a colon
   * before its first slash unless a tag or a port follows it, so a prefix we do not know would
   * otherwise be read as an image name and sent to Docker Hub.
   */
  static void rejectUnknownPrefix(String source) throws CommandFailure {
    if (source.startsWith("docker://")) {
      return;
    }
    var matcher = PREFIX.matcher(source);
    if (!matcher.matches()) {
      return;
    }
    String prefix = matcher.group(1) + ":";
    for (ImageLocation.Kind kind : ImageLocation.Kind.values()) {
      if (kind.prefix().equals(prefix)) {
        return;
      }
    }
    if (TAG_OR_PORT.matcher(matcher.group(2)).matches()) {
      return;
    }
    throw new CommandFailure(
        ExitCode.INPUT,
        "invalid_input",
        "unknown source '"
            + prefix
            + "' in "
            + source
            + "; use a registry reference, oci:DIR, oci-archive:FILE, docker-archive:FILE or"
            + " dir:PATH",
        null);
  }

  /** Reads {@code --format}. */
  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      for (Format f : Format.values()) {
        if (f.text.equals(value)) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "unknown format '" + value + "'; use cyclonedx-json or spdx-json");
    }
  }
}
