package dev.provenant.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.reference.ImageReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A registry named another way that reaches the same place (upper case, the default HTTPS port,
 * Docker Hub's other host names) is matched and excluded as the policy wrote it: a second spelling
 * must not escape a policy.
 */
class RegistrySpellingTest {
  private static final Match TEAM =
      new Match(List.of(new ImageGlob("registry.example.com/team/**")), List.of());

  @Test
  void hostCaseAndTheDefaultPortDoNotEscapeAMatch() throws Exception {
    assertThat(TEAM.matches(ImageReference.parse("REGISTRY.example.com:443/team/app:1"), null))
        .isTrue();
    assertThat(TEAM.matches(ImageReference.parse("registry.example.com:443/team/app:1"), null))
        .isTrue();
    assertThat(TEAM.matches(ImageReference.parse("registry.example.com:5000/team/app:1"), null))
        .isFalse();
    assertThat(TEAM.matches(ImageReference.parse("registry.example.com:0443/team/app:1"), null))
        .isTrue();
    Match anyPort = new Match(List.of(new ImageGlob("registry.example.com:*/team/**")), List.of());
    assertThat(anyPort.matches(ImageReference.parse("registry.example.com:443/team/app:1"), null))
        .isTrue();
    assertThat(TEAM.matches(ImageReference.parse("registry.example.com/other/app:1"), null))
        .isFalse();
  }

  @Test
  void dockerHubsOtherHostNamesAreDockerHub() throws Exception {
    Match hub = new Match(List.of(new ImageGlob("docker.io/library/**")), List.of());

    assertThat(hub.matches(ImageReference.parse("registry-1.docker.io/library/nginx:1"), null))
        .isTrue();
    assertThat(hub.matches(ImageReference.parse("nginx:1"), null)).isTrue();
    assertThat(hub.matches(ImageReference.parse("registry-1.docker.io/nginx:1"), null)).isTrue();
    assertThat(hub.matches(ImageReference.parse("INDEX.DOCKER.IO/nginx:1"), null)).isTrue();
  }

  @Test
  void aPatternWrittenWithCapitalsOrThePortMatchesTheCanonicalName() throws Exception {
    Match written =
        new Match(List.of(new ImageGlob("Registry.Example.com:443/team/**")), List.of());

    assertThat(written.matches(ImageReference.parse("registry.example.com/team/app:1"), null))
        .isTrue();
  }

  @Test
  void excludedRegistryIsExcludedHoweverItIsSpelled() throws Exception {
    Exclude mirror = new Exclude(List.of(), List.of(new ImageGlob("mirror.internal.example")));

    assertThat(mirror.excludedBy(ImageReference.parse("MIRROR.internal.example:443/x/y:1")))
        .contains("exclude.registries: mirror.internal.example");
    assertThat(mirror.excludedBy(ImageReference.parse("mirror.internal.example:8443/x/y:1")))
        .isEmpty();
  }
}
