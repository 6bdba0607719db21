package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.digest.Digest;
import dev.provenant.oci.testing.ExternalTools;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Java examples in the docs compile against the library and print what they say they do. */
class DocSnippetTest {
  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  @TempDir Path dir;

  @Test
  void readmeExampleResolvesALayoutAndPrintsItsLabels() throws Exception {
    Path root = ProjectRoot.path();
    String layout = "oci:" + root.resolve("examples/hello-layout") + ":1.0";

    String out = compileAndRun(root.resolve("README.md"), "ReadLabels", layout);

    assertThat(out)
        .contains("sha256:8719a2e99f13dd7675304ef27df7b33af03c07072fe0806d664e07bfaee4df63")
        .contains("org.opencontainers.image.revision=4f2a9c1e");
  }

  @Test
  void libraryGuideRegistryExampleRunsAgainstARealRegistry() throws Exception {
    Digest pushed = TestImages.skopeoPush(REGISTRY.address(), "docs/app", "v1", Map.of());

    String out =
        compileAndRun(
            ProjectRoot.path().resolve("docs/library.md"),
            "RegistryTour",
            REGISTRY.address(),
            "docs/app",
            "v1",
            "--allow-http");

    assertThat(out)
        .contains("digest " + pushed)
        .contains("tags [v1]")
        .contains("referrers 0")
        .containsPattern("requests [0-9]+");
  }

  /** Extracts the snippet named {@code className}, compiles it, runs it, returns its output. */
  private String compileAndRun(Path document, String className, String... args) throws Exception {
    Pattern snippet =
        Pattern.compile(
            "<!-- snippet: " + className + " -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    Matcher matcher = snippet.matcher(Files.readString(document));
    assertThat(matcher.find()).as(document + " has the " + className + " snippet").isTrue();
    Path source = Files.writeString(dir.resolve(className + ".java"), matcher.group(1));
    String classpath = System.getProperty("java.class.path");
    int compiled =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-cp", classpath, "-d", dir.toString(), source.toString());
    assertThat(compiled).as("javac exit code for " + className).isZero();
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command = new ArrayList<>(List.of(java, "-cp", dir + ":" + classpath, className));
    command.addAll(List.of(args));
    return ExternalTools.run(command);
  }
}
