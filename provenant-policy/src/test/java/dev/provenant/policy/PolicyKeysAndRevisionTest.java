package dev.provenant.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.keys.PublicKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys come from files next to the document naming them or from PolicySettings by name. */
class PolicyKeysAndRevisionTest {
  @TempDir Path dir;

  private Path policy;
  private Path key;

  @BeforeEach
  void writePolicyWithRelativeKeyFile() throws Exception {
    Path teamDir = Files.createDirectories(dir.resolve("policies/team"));
    key =
        Files.writeString(
            Files.createDirectories(teamDir.resolve("keys")).resolve("r.pub"), TestKeys.newPem());
    policy =
        Files.writeString(
            teamDir.resolve("policy.yaml"),
            """
            apiVersion: provenant.dev/v1
            kind: ImagePolicy
            metadata: {name: team}
            spec:
              match: {images: ["**"]}
              authorities:
                keys:
                  - {name: release, file: keys/r.pub}
            """);
  }

  @Test
  void keyFilesResolveRelativeToThePolicyFileNotTheWorkingDirectory() throws Exception {
    KeyAuthority loaded =
        PolicyLoader.load(policy).policies().getFirst().authorities().keys().getFirst();

    assertThat(PublicKeys.toPem(loaded.key())).isEqualTo(Files.readString(key));
    assertThat(Path.of(loaded.origin())).isEqualTo(key.toAbsolutePath());
  }

  @Test
  void aKeyWithOnlyANameIsTheTrustedKeyOfThatName() throws Exception {
    String trustedPem = TestKeys.newPem();
    Files.createDirectories(dir.resolve("settings/keys"));
    Files.writeString(dir.resolve("settings/keys/org.pub"), trustedPem);
    Path settings =
        Files.writeString(
            dir.resolve("settings/settings.yaml"),
            """
            apiVersion: provenant.dev/v1
            kind: PolicySettings
            spec:
              trustedKeys:
                - {name: org, file: keys/org.pub}
            """);
    Path user =
        Files.writeString(
            dir.resolve("user.yaml"),
            """
            apiVersion: provenant.dev/v1
            kind: ImagePolicy
            metadata: {name: user}
            spec:
              match: {images: ["**"]}
              authorities:
                keys:
                  - name: org
            """);

    // The policy comes first: trusted keys are known before any policy is read.
    PolicySet set = PolicyLoader.load(List.of(user, settings));

    KeyAuthority loaded = set.policies().getFirst().authorities().keys().getFirst();
    assertThat(loaded.name()).isEqualTo("org");
    assertThat(loaded.origin()).isEqualTo("trusted key org");
    assertThat(PublicKeys.toPem(loaded.key())).isEqualTo(trustedPem);
  }

  @Test
  void theRevisionChangesWithAKeyFileAndOnlyWhenSomethingChanges() throws Exception {
    String first = PolicyLoader.load(policy).revision();
    assertThat(PolicyLoader.load(policy).revision()).isEqualTo(first);

    Files.writeString(key, TestKeys.newPem());
    String afterKeyEdit = PolicyLoader.load(policy).revision();
    assertThat(afterKeyEdit).isNotEqualTo(first).matches("sha256:[0-9a-f]{64}");

    Files.writeString(policy, Files.readString(policy) + "# reviewed\n");
    assertThat(PolicyLoader.load(policy).revision()).isNotEqualTo(afterKeyEdit);
  }
}
