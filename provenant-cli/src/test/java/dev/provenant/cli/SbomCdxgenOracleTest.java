package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.oci.testing.ExternalTools;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cdxgen as an oracle for {@code provenant sbom} on the Debian test image of {@code
 * bench/sbom-fixture.sh} (the image {@link SbomDebianImageTest} uses): every deb, maven and npm
 * purl cdxgen 12.8.4 finds in the docker-archive, Provenant finds too, except the documented
 * differences in {@link #CDXGEN_ONLY} and cdxgen's Debian source packages (docs/sbom-oracle.md).
 *
 * <p>cdxgen runs exactly as {@code bench/sbom.sh} runs it: {@code -t docker --no-recurse
 * --spec-version 1.6}, {@code FETCH_LICENSE=false}, no network ({@code unshare -n}). It is
 * installed once with npm into the fixture cache ({@code cdxgen/}, shared with the script); when
 * that fails the test is skipped, or fails when {@code CI=true}. Cached, the test takes about 20 s,
 * nearly all of it cdxgen.
 */
class SbomCdxgenOracleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CDXGEN_VERSION = "12.8.4";
  private static final List<String> TYPES = List.of("pkg:deb/", "pkg:maven/", "pkg:npm/");

  /**
   * Purls cdxgen lists that Provenant rightly does not, as type/namespace/name (any version), with
   * the reason. Both are the packages layer 3 of the image deletes: cdxgen reads the files of every
   * layer and ignores whiteouts, so it lists them; in the running container neither exists. The
   * test also checks that these are exactly the fixture's deleted.txt.
   */
  private static final Map<String, String> CDXGEN_ONLY =
      Map.of(
          "pkg:maven/com.google.guava/guava",
          "the guava jar is deleted by layer 3 (whiteout); cdxgen ignores whiteouts",
          "pkg:npm/cookie-signature",
          "node_modules/cookie-signature is deleted by layer 3 (whiteout); cdxgen ignores"
              + " whiteouts");

  @TempDir Path out;

  /**
   * The purl as type/namespace/name@version: qualifiers and subpath dropped, percent-decoded
   * (cdxgen adds distro_name= and epoch=, and writes the epoch unencoded). The same rule as the
   * {@code key} function of bench/sbom.sh (JavaScript decodeURIComponent); keep the two consistent.
   */
  static String key(String purl) {
    String p = purl;
    int q = p.indexOf('?');
    if (q >= 0) {
      p = p.substring(0, q);
    }
    int h = p.indexOf('#');
    if (h >= 0) {
      p = p.substring(0, h);
    }
    return percentDecode(p);
  }

  /** %XX sequences as UTF-8 bytes; unlike URLDecoder, '+' stays '+'. */
  private static String percentDecode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '%' && i + 2 < in.length) {
        bytes.write(Integer.parseInt(new String(in, i + 1, 2, StandardCharsets.US_ASCII), 16));
        i += 2;
      } else {
        bytes.write(in[i]);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The deb, maven and npm components (nested ones too) that {@code keep} accepts, by key. */
  private static TreeSet<String> purls(JsonNode bom, Predicate<JsonNode> keep) {
    TreeSet<String> keys = new TreeSet<>();
    walk(bom.path("components"), keep, keys);
    return keys;
  }

  private static void walk(JsonNode components, Predicate<JsonNode> keep, TreeSet<String> keys) {
    for (JsonNode c : components) {
      String purl = c.path("purl").asText();
      if (TYPES.stream().anyMatch(purl::startsWith) && keep.test(c)) {
        keys.add(key(purl));
      }
      walk(c.path("components"), keep, keys);
    }
  }

  /** cdxgen's Debian source packages: the components it tags "source", as bench/sbom.sh does. */
  private static boolean source(JsonNode component) {
    for (JsonNode tag : component.path("tags")) {
      if (tag.asText().equals("source")) {
        return true;
      }
    }
    return false;
  }

  /** type/namespace/name of a key: everything before the last '@'. */
  private static String withoutVersion(String key) {
    return key.substring(0, key.lastIndexOf('@'));
  }

  private static void skipOrFailInCi(String reason) {
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(reason);
    }
    Assumptions.abort(reason + "; skipped outside CI");
  }

  /** Runs {@code command} in {@code dir}, output to {@code log}; returns its exit code. */
  private static int run(List<String> command, Path dir, Path log, long timeoutSeconds)
      throws IOException, InterruptedException {
    Process process = start(command, dir, log, Map.of());
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out after " + timeoutSeconds + " s: " + command);
    }
    return process.exitValue();
  }

  private static Process start(List<String> command, Path dir, Path log, Map<String, String> env)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(env);
    return builder.start();
  }

  /** {@code <cache>/cdxgen/node_modules/.bin/cdxgen}, installed as bench/sbom.sh installs it. */
  private Path cdxgen(Path cache) throws Exception {
    Path dir = cache.resolve("cdxgen");
    Path bin = dir.resolve("node_modules/.bin/cdxgen");
    if (!Files.isExecutable(bin)) {
      Path log = out.resolve("npm-install.log");
      int code;
      try {
        code =
            run(
                List.of(
                    "npm",
                    "install",
                    "--prefix",
                    dir.toString(),
                    "--no-audit",
                    "--no-fund",
                    "@cyclonedx/cdxgen@" + CDXGEN_VERSION),
                out,
                log,
                600);
      } catch (IOException e) {
        code = -1;
        Files.writeString(log, e.toString());
      }
      if (code != 0 || !Files.isExecutable(bin)) {
        skipOrFailInCi(
            "cannot install cdxgen " + CDXGEN_VERSION + " with npm: " + Files.readString(log));
      }
    }
    return bin;
  }

  @Test
  void everyPurlCdxgenFindsProvenantFindsExceptTheDocumentedOnes() throws Exception {
    Path minbase =
        Path.of(System.getProperty("user.home"), ".cache/provenant-test/debian-minbase.tar");
    assumeTrue(
        Files.exists(minbase) || ProcessHandle.current().info().user().orElse("").equals("root"),
        "debootstrap needs root to build the Debian test image the first time");
    Path cache =
        Path.of(
            ExternalTools.run(
                    List.of(ProjectRoot.path().resolve("bench/sbom-fixture.sh").toString()))
                .strip());
    Path image = cache.resolve("sbom-image");
    Path archive = image.resolve("image.docker.tar");
    Path cdxgen = cdxgen(cache);

    // cdxgen in the background (it takes most of the time) while Provenant runs in-process.
    Path cdxJson = out.resolve("cdxgen.json");
    Path cdxLog = out.resolve("cdxgen.log");
    Process cdx =
        start(
            List.of(
                "unshare",
                "-n",
                cdxgen.toString(),
                "-t",
                "docker",
                "--no-recurse",
                "--spec-version",
                "1.6",
                "-o",
                cdxJson.toString(),
                archive.toString()),
            out,
            cdxLog,
            Map.of("FETCH_LICENSE", "false", "CDXGEN_DEBUG_MODE", ""));
    CliResult result = CliResult.run("sbom", "docker-archive:" + archive);
    assertThat(result.exitCode()).as(result.err()).isZero();
    if (!cdx.waitFor(300, TimeUnit.SECONDS)) {
      cdx.destroyForcibly();
      Assertions.fail("cdxgen timed out after 300 s");
    }
    String log = Files.readString(cdxLog);
    if (cdx.exitValue() != 0 && log.contains("unshare:")) {
      // unshare -n needs root or user namespaces; without it cdxgen cannot run offline.
      skipOrFailInCi("cannot run cdxgen without network: " + log.strip());
    }
    assertThat(cdx.exitValue()).as(log).isZero();

    JsonNode cdxBom = JSON.readTree(cdxJson.toFile());
    JsonNode provBom = JSON.readTree(result.out());
    TreeSet<String> cdxgenFinds = purls(cdxBom, c -> !source(c));
    TreeSet<String> sources = purls(cdxBom, SbomCdxgenOracleTest::source);
    TreeSet<String> provenant = purls(provBom, c -> true);

    assertThat(sources).as("cdxgen's source-tagged components are Debian ones").isNotEmpty();
    assertThat(sources).allMatch(k -> k.startsWith("pkg:deb/"));
    assertThat(cdxgenFinds).anyMatch(k -> k.startsWith("pkg:deb/"));
    assertThat(cdxgenFinds).anyMatch(k -> k.startsWith("pkg:maven/"));
    assertThat(cdxgenFinds).anyMatch(k -> k.startsWith("pkg:npm/"));

    // The allow-list is exactly what the fixture's layer 3 deletes.
    List<String> deleted =
        Files.readAllLines(image.resolve("deleted.txt")).stream()
            .filter(l -> !l.isBlank())
            .map(l -> withoutVersion(key(l.split(" ")[0])))
            .toList();
    assertThat(deleted).containsExactlyInAnyOrderElementsOf(CDXGEN_ONLY.keySet());

    TreeMap<String, String> cdxgenOnly = new TreeMap<>();
    for (String k : cdxgenFinds) {
      if (!provenant.contains(k)) {
        cdxgenOnly.put(k, CDXGEN_ONLY.getOrDefault(withoutVersion(k), "UNEXPLAINED"));
      }
    }
    assertThat(cdxgenOnly)
        .as("purls cdxgen finds that Provenant does not, with the reason (docs/sbom-oracle.md)")
        .doesNotContainValue("UNEXPLAINED");
    // cdxgen does list the deleted packages (else the allow-list is stale).
    assertThat(cdxgenOnly.keySet().stream().map(SbomCdxgenOracleTest::withoutVersion))
        .containsExactlyInAnyOrderElementsOf(CDXGEN_ONLY.keySet());

    // Provenant's extras: only installed binary packages whose name and version are also those of
    // a source package, which cdxgen keeps as one component tagged "source" (util-linux).
    TreeSet<String> provenantOnly = new TreeSet<>(provenant);
    provenantOnly.removeAll(cdxgenFinds);
    assertThat(provenantOnly)
        .as("purls Provenant finds that cdxgen does not, other than binary = source packages")
        .isNotEmpty()
        .allMatch(sources::contains);
  }
}
