package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.oci.testing.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java example in the README compiles against the library and prints what it says it does. */
class ReadmeSnippetTest {
  private static final Pattern SNIPPET =
      Pattern.compile("<!-- snippet: ReadLabels -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void readmeLibraryExampleCompilesAndPrintsTheImageLabels() throws Exception {
    Path root = ProjectRoot.path();
    Matcher matcher = SNIPPET.matcher(Files.readString(root.resolve("README.md")));
    assertThat(matcher.find()).as("README.md has the ReadLabels snippet").isTrue();
    Path source = Files.writeString(dir.resolve("ReadLabels.java"), matcher.group(1));
    String classpath = System.getProperty("java.class.path");

    int compiled =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-cp", classpath, "-d", dir.toString(), source.toString());
    assertThat(compiled).as("javac exit code").isZero();

    String java = ProcessHandle.current().info().command().orElseThrow();
    String layout = "oci:" + root.resolve("examples/hello-layout") + ":1.0";
    String out =
        ExternalTools.run(List.of(java, "-cp", dir + ":" + classpath, "ReadLabels", layout));

    assertThat(out)
        .contains("sha256:8719a2e99f13dd7675304ef27df7b33af03c07072fe0806d664e07bfaee4df63")
        .contains("org.opencontainers.image.revision=4f2a9c1e");
  }
}
