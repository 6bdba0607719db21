package dev.provenant.policy.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How {@code provenance.repository} compares with what certificates and provenance state. */
class RepositoryNamesTest {
  @Test
  void ownerAndNameMeanTheGitHubRepository() {
    assertThat(ProvenanceRules.sameRepository("acme/widget", "https://github.com/acme/widget"))
        .isTrue();
    assertThat(ProvenanceRules.sameRepository("acme/widget", "acme/widget")).isTrue();
    assertThat(
            ProvenanceRules.sameRepository(
                "acme/widget", "git+https://github.com/acme/widget.git@refs/heads/main"))
        .isTrue();
  }

  @Test
  void theSameOwnerAndNameOnAnotherForgeIsAnotherRepository() {
    assertThat(ProvenanceRules.sameRepository("acme/widget", "https://gitlab.com/acme/widget"))
        .isFalse();
    assertThat(
            ProvenanceRules.sameRepository(
                "https://gitlab.com/acme/widget", "https://gitlab.com/acme/widget"))
        .isTrue();
    assertThat(
            ProvenanceRules.sameRepository(
                "https://gitlab.com/acme/widget", "https://github.com/acme/widget"))
        .isFalse();
  }

  @Test
  void anotherRepositoryOrAPrefixDoesNotMatch() {
    assertThat(ProvenanceRules.sameRepository("acme/widget", "https://github.com/acme/widget-fork"))
        .isFalse();
    assertThat(ProvenanceRules.sameRepository("acme/widget", "https://github.com/evil/widget"))
        .isFalse();
  }

  @Test
  void theSshFormNamesItsHostAndRepository() {
    assertThat(ProvenanceRules.sameRepository("git@github.com:acme/widget.git", "acme/widget"))
        .isTrue();
    assertThat(
            ProvenanceRules.sameRepository(
                "git@github.com:acme/widget.git", "git@gitlab.com:evil/x.git"))
        .isFalse();
  }
}
