package dev.provenant.core.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MutableTagRuleTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "latest",
        "main",
        "master",
        "dev",
        "develop",
        "development",
        "staging",
        "stage",
        "stable",
        "nightly",
        "edge",
        "canary",
        "alpha",
        "beta",
        "rc",
        "snapshot",
        "head",
        "LATEST",
        "Main"
      })
  void defaultRuleTreatsTheSpecifiedTagsAsMutableInAnyCase(String tag) {
    assertThat(MutableTagRule.defaults().isMutable(tag)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.0.0", "1.2.3-alpine", "3.19", "sha-4f2a9c1", "latest-1", "release"})
  void defaultRuleTreatsEverythingElseAsImmutable(String tag) {
    assertThat(MutableTagRule.defaults().isMutable(tag)).isFalse();
  }

  @Test
  void configuredRuleReplacesTheDefaultList() {
    MutableTagRule rule = new MutableTagRule(List.of(" Preview ", "tip"));

    assertThat(rule.isMutable("preview")).isTrue();
    assertThat(rule.isMutable("TIP")).isTrue();
    assertThat(rule.isMutable("latest")).isFalse();
    assertThat(rule.isMutable(null)).isFalse();
  }
}
