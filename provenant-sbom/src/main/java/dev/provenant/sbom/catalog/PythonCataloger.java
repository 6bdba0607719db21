package dev.provenant.sbom.catalog;

import dev.provenant.sbom.fs.FileEntry;
import dev.provenant.sbom.fs.FileSystemView;
import dev.provenant.sbom.model.Component;
import dev.provenant.sbom.model.Purl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds installed Python distributions by their core metadata: {@code *.dist-info/METADATA}
 * (wheels, pip) and {@code *.egg-info/PKG-INFO} (setuptools, either a directory or a single file
 * named {@code *.egg-info}).
 *
 * @see <a href="https://packaging.python.org/en/latest/specifications/core-metadata/">Core metadata
 *     specifications</a>
 */
public final class PythonCataloger implements Cataloger {

  private static final long MAX_METADATA_BYTES = 8L << 20;
  // A License field that spans lines or runs this long is the licence's text, not its name.
  private static final int MAX_LICENSE_NAME_LENGTH = 100;

  @Override
  public String name() {
    return "python";
  }

  @Override
  public List<Component> catalog(FileSystemView files) throws IOException {
    List<Component> found = new ArrayList<>();
    for (FileEntry file : files.files()) {
      String path = file.path();
      if (!path.endsWith(".dist-info/METADATA")
          && !path.endsWith(".egg-info/PKG-INFO")
          && !path.endsWith(".egg-info")) {
        continue;
      }
      byte[] bytes;
      try {
        bytes = files.read(file, MAX_METADATA_BYTES);
      } catch (IOException tooLarge) {
        continue;
      }
      Map<String, List<String>> headers = headers(new String(bytes, StandardCharsets.UTF_8));
      String name = first(headers, "name");
      String version = first(headers, "version");
      if (name == null || version == null) {
        continue;
      }
      String purl = Purl.builder("pypi", normalise(name)).version(version).build().toString();
      found.add(
          new Component(
              "library",
              name,
              version,
              purl,
              licenses(headers),
              path,
              file.layer(),
              Map.of(),
              name()));
    }
    return found;
  }

  /** PEP 503: lowercased, each run of {@code -}, {@code _} and {@code .} made one {@code -}. */
  public static String normalise(String name) {
    return name.strip().replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
  }

  /**
   * PEP 639's {@code License-Expression} when present (an SPDX expression); otherwise the {@code
   * License} field when it is a name rather than a pasted licence text, then the licence of each
   * {@code Classifier: License :: …} (its last segment, "MIT License").
   */
  static List<String> licenses(Map<String, List<String>> headers) {
    String expression = first(headers, "license-expression");
    if (expression != null) {
      return List.of(expression);
    }
    List<String> licenses = new ArrayList<>();
    String license = first(headers, "license");
    if (license != null
        && !license.contains("\n")
        && license.length() <= MAX_LICENSE_NAME_LENGTH
        && !license.equalsIgnoreCase("UNKNOWN")) {
      licenses.add(license);
    }
    for (String classifier : headers.getOrDefault("classifier", List.of())) {
      String[] parts = classifier.split("::");
      if (parts.length >= 2 && parts[0].strip().equals("License")) {
        String name = parts[parts.length - 1].strip();
        if (!name.isEmpty() && !name.equals("OSI Approved") && !licenses.contains(name)) {
          licenses.add(name);
        }
      }
    }
    return licenses;
  }

  /**
   * The header block (up to the first empty line; the description may follow) as lowercased names
   * to values, in order. A continuation line (leading space or tab) extends the previous value.
   */
  static Map<String, List<String>> headers(String metadata) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : metadata.split("\r?\n", -1)) {
      if (line.isEmpty()) {
        break;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
        int last = current.size() - 1;
        current.set(last, current.get(last) + "\n" + line.strip());
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      current = headers.computeIfAbsent(key, k -> new ArrayList<>());
      current.add(line.substring(colon + 1).strip());
    }
    return headers;
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    String value = values.get(0).strip();
    return value.isEmpty() ? null : value;
  }
}
