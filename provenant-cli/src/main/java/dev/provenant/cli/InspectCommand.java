package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.oci.image.Platform;
import dev.provenant.oci.inspect.ImageInspection;
import dev.provenant.oci.inspect.ImageInspector;
import dev.provenant.oci.location.ImageLocation;
import dev.provenant.oci.location.ImageOpener;
import dev.provenant.oci.location.OpenedImage;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code provenant inspect}: what a reference resolves to. */
@Command(
    name = "inspect",
    description = {
      "Resolve an image reference and print its digest, media type, platforms, config, labels and layers.",
      "REF is a registry reference (host[:port]/repo[:tag][@digest]; 'alpine' means"
          + " docker.io/library/alpine:latest), oci:DIR[:TAG|@DIGEST], oci-archive:FILE[:TAG] or"
          + " docker-archive:FILE[:REPO:TAG]."
    })
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin RegistryFlags registryFlags;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description = "For an index, also inspect the image for this platform, e.g. linux/arm64.")
  String platform;

  @Parameters(index = "0", paramLabel = "REF", description = "The image to inspect.")
  String reference;

  @Override
  public Integer call() throws Exception {
    Platform wanted = platform == null ? null : Platform.parse(platform);
    ImageLocation location = ImageLocation.parse(reference);
    ImageInspection inspection;
    try (OpenedImage image =
        new ImageOpener(registryFlags.toOptions(registryOf(location))).open(location)) {
      inspection = ImageInspector.inspect(image, wanted);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.println(Json.pretty(toJson(inspection)));
    } else {
      printText(inspection, out);
    }
    out.flush();
    return ExitCode.OK;
  }

  private static String registryOf(ImageLocation location) {
    return location instanceof ImageLocation.Registry(var reference) ? reference.registry() : null;
  }

  static ObjectNode toJson(ImageInspection inspection) {
    JsonNodeFactory factory = JsonNodeFactory.instance;
    ObjectNode root = factory.objectNode();
    root.put("reference", inspection.reference());
    root.put("digest", inspection.digest().toString());
    root.put("mediaType", inspection.mediaType());
    root.put("size", inspection.size());
    putMap(root.putObject("annotations"), inspection.annotations());
    var platforms = root.putArray("platforms");
    for (ImageInspection.PlatformEntry entry : inspection.platforms()) {
      putEntry(platforms.addObject(), entry);
    }
    if (inspection.platformManifest() != null) {
      putEntry(root.putObject("platformManifest"), inspection.platformManifest());
    }
    ImageInspection.ImageDetails image = inspection.image();
    ObjectNode labels = root.putObject("labels");
    if (image != null) {
      putMap(labels, image.labels());
      root.put("config", image.configDigest().toString());
      root.put("created", image.created());
      root.put("os", image.os());
      root.put("architecture", image.architecture());
      root.put("layers", image.layerCount());
      root.put("layersSize", image.layerSize());
    }
    return root;
  }

  private static void putEntry(ObjectNode node, ImageInspection.PlatformEntry entry) {
    node.put("platform", entry.platform() == null ? null : entry.platform().toString());
    node.put("digest", entry.digest().toString());
    node.put("mediaType", entry.mediaType());
    node.put("size", entry.size());
  }

  private static void putMap(ObjectNode node, Map<String, String> map) {
    map.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> node.put(e.getKey(), e.getValue()));
  }

  private static void printText(ImageInspection inspection, PrintWriter out) {
    row(out, "Reference", inspection.reference());
    row(out, "Digest", inspection.digest().toString());
    row(out, "Media type", inspection.mediaType());
    row(out, "Size", inspection.size() + " bytes");
    if (!inspection.platforms().isEmpty()) {
      out.println("Platforms:");
      for (ImageInspection.PlatformEntry entry : inspection.platforms()) {
        String name = entry.platform() == null ? "(none)" : entry.platform().toString();
        out.printf("  %-20s %s%n", name, entry.digest());
      }
    }
    printMap(out, "Annotations", inspection.annotations());
    if (inspection.platformManifest() != null) {
      out.println();
      row(out, "Platform", String.valueOf(inspection.platformManifest().platform()));
      row(out, "Image digest", inspection.platformManifest().digest().toString());
      row(out, "Image type", inspection.platformManifest().mediaType());
    }
    ImageInspection.ImageDetails image = inspection.image();
    if (image == null) {
      if (!inspection.platforms().isEmpty()) {
        out.println();
        out.println("This is an index; add --platform OS/ARCH to inspect one of its images.");
      }
      return;
    }
    row(out, "Config", image.configDigest().toString());
    row(out, "Created", image.created() == null ? "(not recorded)" : image.created());
    if (image.os() != null) {
      row(out, "OS/Arch", image.os() + "/" + image.architecture());
    }
    row(out, "Layers", image.layerCount() + " (" + Sizes.human(image.layerSize()) + ")");
    printMap(out, "Labels", image.labels());
    if (inspection.platformManifest() != null) {
      printMap(out, "Image annotations", image.annotations());
    }
  }

  private static void row(PrintWriter out, String name, String value) {
    out.printf("%-13s %s%n", name + ":", value);
  }

  private static void printMap(PrintWriter out, String title, Map<String, String> map) {
    if (map.isEmpty()) {
      row(out, title, "(none)");
      return;
    }
    out.println(title + ":");
    map.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.println("  " + e.getKey() + "=" + e.getValue()));
  }
}
