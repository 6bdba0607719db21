package dev.provenant.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every setting can come from the config file, the environment or a flag, in that precedence. */
class ServerConfigTest {
  @TempDir Path directory;

  /** A value for each setting, and how to read it back from the config. */
  private record Sample(String value, Function<ServerConfig, Object> read, Object expected) {}

  private static Sample sample(Setting setting, int variant) {
    return switch (setting) {
      case ADDRESS -> new Sample("10.0.0." + variant, ServerConfig::address, "10.0.0." + variant);
      case PORT -> new Sample("84" + (40 + variant), ServerConfig::port, 8440 + variant);
      case TLS_CERT -> new Sample("c" + variant, ServerConfig::tlsCert, Path.of("c" + variant));
      case TLS_KEY -> new Sample("k" + variant, ServerConfig::tlsKey, Path.of("k" + variant));
      case POLICY ->
          new Sample(
              "a" + variant + ",b",
              ServerConfig::policies,
              List.of(Path.of("a" + variant), Path.of("b")));
      case DEADLINE ->
          new Sample(variant + "s", ServerConfig::deadline, Duration.ofSeconds(variant));
      case AUDIT_LOG -> new Sample("audit" + variant, ServerConfig::auditLog, "audit" + variant);
      case TRUSTED_ROOT ->
          new Sample("root" + variant, ServerConfig::trustedRoot, "root" + variant);
      case ALLOW_HTTP_REGISTRY ->
          new Sample(
              String.valueOf(variant % 2 == 1), ServerConfig::allowHttpRegistry, variant % 2 == 1);
      case ALLOW_INSECURE_REGISTRY ->
          new Sample(
              String.valueOf(variant % 2 == 1),
              ServerConfig::allowInsecureRegistry,
              variant % 2 == 1);
      case RESOLVE_CACHE_TTL ->
          new Sample(variant + "m", ServerConfig::resolveCacheTtl, Duration.ofMinutes(variant));
      case EVIDENCE_CACHE_TTL ->
          new Sample(variant + "h", ServerConfig::evidenceCacheTtl, Duration.ofHours(variant));
      case NEGATIVE_CACHE_TTL ->
          new Sample(
              variant + "00ms", ServerConfig::negativeCacheTtl, Duration.ofMillis(variant * 100L));
      case RELOAD_INTERVAL ->
          new Sample(
              "PT" + variant + "S", ServerConfig::reloadInterval, Duration.ofSeconds(variant));
      case MAX_REQUEST_BYTES ->
          new Sample(
              String.valueOf(10_000 * variant), ServerConfig::maxRequestBytes, 10_000L * variant);
    };
  }

  private static Map<Setting, String> required() {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    values.put(Setting.TLS_CERT, "tls.crt");
    values.put(Setting.TLS_KEY, "tls.key");
    values.put(Setting.POLICY, "policy.yaml");
    values.put(Setting.AUDIT_LOG, "-");
    return values;
  }

  private Path file(Map<Setting, String> values) throws Exception {
    StringBuilder yaml = new StringBuilder();
    values.forEach((s, v) -> yaml.append(s.yamlKey()).append(": \"").append(v).append("\"\n"));
    Path file = directory.resolve("server.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @ParameterizedTest
  @EnumSource(Setting.class)
  void eachSettingFromFileThenEnvironmentThenFlag(Setting setting) throws Exception {
    Sample fromFile = sample(setting, 1);
    Sample fromEnvironment = sample(setting, 2);
    Sample fromFlag = sample(setting, 3);
    Map<Setting, String> fileValues = required();
    fileValues.put(setting, fromFile.value());
    Path file = file(fileValues);
    Map<String, String> environment =
        Map.of(setting.environmentVariable(), fromEnvironment.value());
    Map<Setting, String> flags = Map.of(setting, fromFlag.value());

    assertThat(fromFile.read().apply(ServerConfig.resolve(file, Map.of(), Map.of())))
        .isEqualTo(fromFile.expected());
    assertThat(fromFile.read().apply(ServerConfig.resolve(file, environment, Map.of())))
        .isEqualTo(fromEnvironment.expected());
    assertThat(fromFile.read().apply(ServerConfig.resolve(file, environment, flags)))
        .isEqualTo(fromFlag.expected());
  }

  @Test
  void configFileFromTheEnvironmentAndDefaults() throws Exception {
    Path file = file(required());
    Map<String, String> environment = new HashMap<>();
    environment.put(ServerConfig.CONFIG_VARIABLE, file.toString());

    ServerConfig config = ServerConfig.resolve(null, environment, Map.of());

    assertThat(config.port()).isEqualTo(8443);
    assertThat(config.address()).isEqualTo("0.0.0.0");
    assertThat(config.deadline()).isEqualTo(Duration.ofSeconds(9));
    assertThat(config.resolveCacheTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.evidenceCacheTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.negativeCacheTtl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.allowHttpRegistry()).isFalse();
    assertThat(config.trustedRoot()).isNull();
  }

  @Test
  void policyListInYaml() throws Exception {
    Path file = directory.resolve("server.yaml");
    Files.writeString(
        file, "tlsCert: a\ntlsKey: b\nauditLog: '-'\npolicy:\n  - one.yaml\n  - two.yaml\n");

    assertThat(ServerConfig.resolve(file, Map.of(), Map.of()).policies())
        .containsExactly(Path.of("one.yaml"), Path.of("two.yaml"));
  }

  @Test
  void problemsNameTheSettingAndWhereItCameFrom() throws Exception {
    Map<Setting, String> flags = required();
    flags.remove(Setting.AUDIT_LOG);
    assertThatThrownBy(() -> ServerConfig.resolve(null, Map.of(), flags))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--audit-log is required (or PROVENANT_AUDIT_LOG")
        .hasMessageContaining("give - for standard output");

    Map<Setting, String> huge = required();
    huge.put(Setting.MAX_REQUEST_BYTES, "9223372036854775807");
    assertThatThrownBy(() -> ServerConfig.resolve(null, Map.of(), huge))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("from 1024 to 67108864 (64 MiB)");

    assertThatThrownBy(
            () -> ServerConfig.resolve(null, Map.of("PROVENANT_DEADLINE", "soon"), required()))
        .hasMessage(
            "PROVENANT_DEADLINE: 'soon' is not valid for --deadline; expected a positive duration"
                + " such as 500ms, 9s or 5m");

    Path typo = directory.resolve("typo.yaml");
    Files.writeString(typo, "deadlin: 5s\n");
    assertThatThrownBy(() -> ServerConfig.resolve(typo, Map.of(), required()))
        .hasMessageContaining("unknown setting 'deadlin'");
  }
}
