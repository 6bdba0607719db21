package dev.provenant.sbom.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.sbom.fs.FileEntry;
import dev.provenant.sbom.fs.FileSystemView;
import dev.provenant.sbom.model.Component;
import dev.provenant.sbom.model.Purl;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds npm packages: each {@code node_modules/<name>/package.json} installed, and the {@code
 * packages} of a {@code package-lock.json} (lockfile versions 2 and 3) that have no installed copy
 * beside it, as in an image that ships a lockfile but was built with {@code npm ci --omit=dev} into
 * another stage.
 *
 * @see <a
 *     href="https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json">package-lock.json</a>
 */
public final class NpmCataloger implements Cataloger {

  private static final long MAX_PACKAGE_JSON_BYTES = 4L << 20;
  private static final long MAX_LOCKFILE_BYTES = 64L << 20;
  // The package.json at a package's root: node_modules/name/ or node_modules/@scope/name/, not
  // one deeper inside a package (lodash/fp/package.json is no package of its own).
  private static final Pattern INSTALLED =
      Pattern.compile(".*/node_modules/(?:@[^/]+/)?[^/@.][^/]*/package\\.json");

  private final ObjectMapper json = new ObjectMapper();

  @Override
  public String name() {
    return "npm";
  }

  @Override
  public List<Component> catalog(FileSystemView files) throws IOException {
    List<Component> found = new ArrayList<>();
    List<FileEntry> lockfiles = new ArrayList<>();
    for (FileEntry file : files.files()) {
      if (INSTALLED.matcher(file.path()).matches()) {
        JsonNode manifest = readJson(files, file, MAX_PACKAGE_JSON_BYTES);
        if (manifest != null) {
          Component component =
              component(
                  manifest.path("name").asText(""),
                  manifest.path("version").asText(""),
                  licenses(manifest),
                  file);
          if (component != null) {
            found.add(component);
          }
        }
      } else if (file.path().endsWith("/package-lock.json")
          && !file.path().contains("/node_modules/")) {
        lockfiles.add(file);
      }
    }
    for (FileEntry lockfile : lockfiles) {
      found.addAll(fromLockfile(files, lockfile));
    }
    return found;
  }

  /**
   * The lockfile's {@code packages}, keyed by install path ({@code node_modules/a/node_modules/b});
   * the root ({@code ""}), links to workspace folders and entries installed beside the lockfile are
   * left out.
   */
  private List<Component> fromLockfile(FileSystemView files, FileEntry lockfile)
      throws IOException {
    JsonNode lock = readJson(files, lockfile, MAX_LOCKFILE_BYTES);
    if (lock == null || lock.path("lockfileVersion").asInt(0) < 2) {
      // Version 1 lockfiles have only "dependencies", a tree npm 7+ rewrites on install.
      return List.of();
    }
    String directory = lockfile.path().substring(0, lockfile.path().lastIndexOf('/'));
    List<Component> found = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, JsonNode> entry : lock.path("packages").properties()) {
      String installPath = entry.getKey();
      JsonNode pkg = entry.getValue();
      int at = installPath.lastIndexOf("node_modules/");
      if (at < 0 || pkg.path("link").asBoolean(false)) {
        continue;
      }
      if (files.file(directory + "/" + installPath + "/package.json").isPresent()) {
        continue;
      }
      String name = pkg.path("name").asText(installPath.substring(at + "node_modules/".length()));
      String version = pkg.path("version").asText("");
      if (!seen.add(installPath)) {
        continue;
      }
      Component component = component(name, version, licenses(pkg), lockfile);
      if (component != null) {
        found.add(component);
      }
    }
    return found;
  }

  private Component component(String name, String version, List<String> licenses, FileEntry file) {
    if (name.isBlank() || version.isBlank()) {
      return null;
    }
    return new Component(
        "library",
        name,
        version,
        purl(name, version),
        licenses,
        file.path(),
        file.layer(),
        Map.of(),
        name());
  }

  /** {@code @sigstore/core} becomes namespace {@code @sigstore}, printed {@code %40sigstore}. */
  static String purl(String name, String version) {
    int slash = name.indexOf('/');
    Purl.Builder purl =
        name.startsWith("@") && slash > 0
            ? Purl.builder("npm", name.substring(slash + 1)).namespace(name.substring(0, slash))
            : Purl.builder("npm", name);
    return purl.version(version).build().toString();
  }

  /**
   * {@code "license": "MIT"}, the older {@code "license": {"type": "MIT"}}, or the legacy {@code
   * "licenses": [{"type": "MIT"}, "Apache-2.0"]}.
   */
  static List<String> licenses(JsonNode manifest) {
    List<String> licenses = new ArrayList<>();
    addLicense(manifest.get("license"), licenses);
    JsonNode legacy = manifest.get("licenses");
    if (legacy != null && legacy.isArray()) {
      legacy.forEach(license -> addLicense(license, licenses));
    } else {
      addLicense(legacy, licenses);
    }
    return licenses;
  }

  private static void addLicense(JsonNode license, List<String> licenses) {
    if (license == null) {
      return;
    }
    String text = license.isTextual() ? license.asText() : license.path("type").asText("");
    text = text.strip();
    if (!text.isEmpty() && !licenses.contains(text)) {
      licenses.add(text);
    }
  }

  private JsonNode readJson(FileSystemView files, FileEntry file, long maxBytes) {
    try {
      JsonNode node = json.readTree(files.read(file, maxBytes));
      return node != null && node.isObject() ? node : null;
    } catch (IOException malformed) {
      // Not JSON, or too large: this file is skipped, the others are still read.
      return null;
    }
  }
}
