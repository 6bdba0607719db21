package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class VersionCommandTest {

  @Test
  void printsTheBuildVersionAndJavaRuntime() {
    CliResult result = CliResult.run("version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("provenant 0.").contains("java " + Runtime.version());
  }

  @Test
  void printsJsonWithStableFieldNames() throws Exception {
    CliResult result = CliResult.run("version", "--output", "json");

    var json = new ObjectMapper().readTree(result.out());
    assertThat(json.path("version").asText()).startsWith("0.");
    assertThat(json.path("java").asText()).isEqualTo(Runtime.version().toString());
  }

  @Test
  void unknownVerbIsAUsageErrorWithExitCodeTwo() {
    CliResult result = CliResult.run("inpsect", "alpine");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unmatched arguments").contains("inspect").contains("--help");
  }
}
