package dev.provenant.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every policy example in docs/policy.md loads, and what the page quotes is what Provenant says.
 */
class PolicyDocsTest {
  private static final Pattern YAML_BLOCK = Pattern.compile("(?s)```yaml\\n(.*?)```");
  private static final Pattern KEY_FILE = Pattern.compile("(?m)^\\s*file:\\s*(\\S+)\\s*$");

  @TempDir Path dir;

  private static String page() throws Exception {
    return Files.readString(ProjectRoot.path().resolve("docs/policy.md"));
  }

  private static List<String> policyExamples() throws Exception {
    List<String> examples = new ArrayList<>();
    Matcher block = YAML_BLOCK.matcher(page());
    while (block.find()) {
      if (block.group(1).startsWith("apiVersion: provenant.dev/v1")) {
        examples.add(block.group(1));
      }
    }
    return examples;
  }

  @Test
  void everyPolicyExampleLoads() throws Exception {
    List<String> examples = policyExamples();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
    for (int i = 0; i < examples.size(); i++) {
      Path exampleDir = Files.createDirectories(dir.resolve("example-" + i));
      Matcher keyFile = KEY_FILE.matcher(examples.get(i));
      while (keyFile.find()) {
        Path key = exampleDir.resolve(keyFile.group(1));
        Files.createDirectories(key.getParent());
        Files.writeString(key, TestKeys.newPem());
      }
      Path file = Files.writeString(exampleDir.resolve("policy.yaml"), examples.get(i));

      PolicySet set = PolicyLoader.load(file);

      assertThat(set.policies()).as("example %d", i).isNotEmpty();
    }
  }

  @Test
  void theQuotedUnknownFieldMessageIsTheLoadersOwn() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("policy.yaml"),
            """
            apiVersion: provenant.dev/v1
            kind: ImagePolicy
            metadata: {name: p}
            spec: {match: {images: ["**"]}, denyMutableTags: true, modee: warn}
            """);

    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(file));

    assertThat(page()).contains(e.problems().getFirst().message());
  }

  @Test
  void theSchemaThePageLinksIsTheOneTheLoaderEnforces() throws Exception {
    Path schema =
        ProjectRoot.path()
            .resolve("provenant-policy/src/main/resources/dev/provenant/policy")
            .resolve(PolicySchema.RESOURCE);
    assertThat(page())
        .contains("provenant-policy/src/main/resources/dev/provenant/policy/policy.schema.json");
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(schema.toFile()))
        .isEqualTo(PolicySchema.schemaNode());
  }
}
