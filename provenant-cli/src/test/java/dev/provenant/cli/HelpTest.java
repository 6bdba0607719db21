package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelpTest {

  @Test
  void topLevelHelpListsEveryPublicVerbAndTheExitCodes() {
    CliResult result = CliResult.run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("version", "digest", "inspect")
        .doesNotContain("warm-up")
        .contains("3  a registry or other dependency could not be reached");
  }

  @Test
  void everyVerbHasHelpThatExitsZero() {
    for (String verb : new String[] {"version", "digest", "inspect", "sign-blob", "verify-blob"}) {
      CliResult result = CliResult.run(verb, "--help");

      assertThat(result.exitCode()).as(verb).isZero();
      assertThat(result.out()).as(verb).startsWith("Usage: provenant " + verb);
    }
  }

  @Test
  void noVerbIsAUsageError() {
    CliResult result = CliResult.run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("a command is required");
  }
}
