package dev.provenant.sbom;

import dev.provenant.sbom.catalog.ApkCataloger;
import dev.provenant.sbom.catalog.Cataloger;
import dev.provenant.sbom.catalog.DpkgCataloger;
import dev.provenant.sbom.catalog.GoCataloger;
import dev.provenant.sbom.catalog.JavaArchiveCataloger;
import dev.provenant.sbom.catalog.NpmCataloger;
import dev.provenant.sbom.catalog.PythonCataloger;
import dev.provenant.sbom.catalog.RpmCataloger;
import dev.provenant.sbom.fs.FileSystemView;
import dev.provenant.sbom.model.Component;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs catalogers over a file system and returns what they found, each package once, in a stable
 * order (by purl, then name, version and location), so that the same image gives the same SBOM.
 */
public final class SbomGenerator {
  private static final Comparator<Component> ORDER =
      Comparator.comparing((Component c) -> Objects.toString(c.purl(), ""))
          .thenComparing(Component::name)
          .thenComparing(c -> Objects.toString(c.version(), ""))
          .thenComparing(c -> Objects.toString(c.location(), ""));

  private final List<Cataloger> catalogers;

  public SbomGenerator(List<Cataloger> catalogers) {
    this.catalogers = List.copyOf(catalogers);
  }

  /** The catalogers a plain {@code provenant sbom} runs. */
  public static List<Cataloger> defaultCatalogers() {
    return List.of(
        new DpkgCataloger(),
        new ApkCataloger(),
        new JavaArchiveCataloger(),
        new NpmCataloger(),
        new PythonCataloger(),
        new GoCataloger(),
        new RpmCataloger());
  }

  /** A generator with {@link #defaultCatalogers()}. */
  public static SbomGenerator withDefaults() {
    return new SbomGenerator(defaultCatalogers());
  }

  /**
   * Catalogs {@code files}. Two findings are the same package when they have the same purl (or,
   * without one, the same cataloger, name, version and location); the first is kept.
   */
  public List<Component> generate(FileSystemView files) throws IOException {
    Map<String, Component> unique = new LinkedHashMap<>();
    for (Cataloger cataloger : catalogers) {
      for (Component component : cataloger.catalog(files)) {
        unique.putIfAbsent(identity(component), component);
      }
    }
    List<Component> sorted = new ArrayList<>(unique.values());
    sorted.sort(ORDER);
    return List.copyOf(sorted);
  }

  private static String identity(Component component) {
    if (component.purl() != null) {
      return component.purl();
    }
    return String.join(
        "\u0000",
        component.foundBy(),
        component.name(),
        Objects.toString(component.version(), ""),
        Objects.toString(component.location(), ""));
  }
}
