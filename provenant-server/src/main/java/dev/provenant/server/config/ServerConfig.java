package dev.provenant.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of {@code provenant serve}. {@link #resolve} builds it from, in increasing
 * precedence, a YAML config file, environment variables ({@code PROVENANT_*}) and flags; every
 * {@link Setting} can be given in each of the three ways.
 *
 * @param auditLog the audit log file, or {@code -} for standard output
 * @param trustedRoot a {@code trusted_root.json} file, {@code public-good}, or null (trust no
 *     keyless root)
 */
public record ServerConfig(
    String address,
    int port,
    Path tlsCert,
    Path tlsKey,
    List<Path> policies,
    Duration deadline,
    String auditLog,
    String trustedRoot,
    boolean allowHttpRegistry,
    boolean allowInsecureRegistry,
    Duration resolveCacheTtl,
    Duration evidenceCacheTtl,
    Duration negativeCacheTtl,
    Duration reloadInterval,
    long maxRequestBytes) {
  /** The standard output spelling of {@code --audit-log}. */
  public static final String STDOUT = "-";

  /** The environment variable naming the config file, as {@code --config} does. */
  public static final String CONFIG_VARIABLE = "PROVENANT_CONFIG";

  private static final long MAX_CONFIG_BYTES = 1024 * 1024;

  public ServerConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(tlsCert, "tlsCert");
    Objects.requireNonNull(tlsKey, "tlsKey");
    policies = List.copyOf(policies);
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(auditLog, "auditLog");
    Objects.requireNonNull(resolveCacheTtl, "resolveCacheTtl");
    Objects.requireNonNull(evidenceCacheTtl, "evidenceCacheTtl");
    Objects.requireNonNull(negativeCacheTtl, "negativeCacheTtl");
    Objects.requireNonNull(reloadInterval, "reloadInterval");
  }

  /**
   * Merges the three sources.
   *
   * @param configFile the YAML file ({@code --config}), or null for {@code PROVENANT_CONFIG} or
   *     none
   * @param environment the process environment ({@code PROVENANT_PORT}…)
   * @param flags the flags given on the command line, as text
   */
  public static ServerConfig resolve(
      Path configFile, Map<String, String> environment, Map<Setting, String> flags)
      throws ConfigException {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    Map<Setting, String> origins = new EnumMap<>(Setting.class);
    Path file = configFile;
    if (file == null && environment.get(CONFIG_VARIABLE) != null) {
      file = Path.of(environment.get(CONFIG_VARIABLE));
    }
    if (file != null) {
      Path source = file;
      readFile(source)
          .forEach(
              (setting, value) -> {
                values.put(setting, value);
                origins.put(setting, source + " (" + setting.yamlKey() + ")");
              });
    }
    for (Setting setting : Setting.values()) {
      String value = environment.get(setting.environmentVariable());
      if (value != null && !value.isBlank()) {
        values.put(setting, value);
        origins.put(setting, setting.environmentVariable());
      }
    }
    flags.forEach(
        (setting, value) -> {
          if (value != null) {
            values.put(setting, value);
            origins.put(setting, setting.flag());
          }
        });
    return new Parser(values, origins).config();
  }

  /** The settings a YAML file gives; unknown keys are refused (a typo must not be ignored). */
  private static Map<Setting, String> readFile(Path file) throws ConfigException {
    JsonNode root;
    try {
      if (Files.size(file) > MAX_CONFIG_BYTES) {
        throw new ConfigException("config file " + file + " is larger than 1 MiB");
      }
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage(), e);
    }
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    if (root == null || root.isMissingNode() || root.isNull()) {
      return values;
    }
    if (!root.isObject()) {
      throw new ConfigException("config file " + file + " must be a YAML mapping of settings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      Setting setting = Setting.forYamlKey(field.getKey());
      if (setting == null) {
        throw new ConfigException(
            "config file "
                + file
                + ": unknown setting '"
                + field.getKey()
                + "'; known settings: "
                + String.join(
                    ", ",
                    java.util.Arrays.stream(Setting.values()).map(Setting::yamlKey).toList()));
      }
      JsonNode value = field.getValue();
      if (value.isArray()) {
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(item.asText()));
        values.put(setting, String.join(",", items));
      } else if (value.isValueNode() && !value.isNull()) {
        values.put(setting, value.asText());
      } else if (!value.isNull()) {
        throw new ConfigException(
            "config file " + file + ": " + field.getKey() + " must be a value or a list");
      }
    }
    return values;
  }

  /** Turns the merged text values into typed ones, naming the source of a bad value. */
  private record Parser(Map<Setting, String> values, Map<Setting, String> origins) {
    ServerConfig config() throws ConfigException {
      String cert = required(Setting.TLS_CERT);
      String key = required(Setting.TLS_KEY);
      String policy = required(Setting.POLICY);
      List<Path> policies = new ArrayList<>();
      for (String item : policy.split(",")) {
        if (!item.isBlank()) {
          policies.add(Path.of(item.strip()));
        }
      }
      if (policies.isEmpty()) {
        throw new ConfigException("no policy file given in " + origins.get(Setting.POLICY));
      }
      return new ServerConfig(
          values.getOrDefault(Setting.ADDRESS, "0.0.0.0"),
          port(),
          Path.of(cert),
          Path.of(key),
          policies,
          positive(Setting.DEADLINE, "9s"),
          required(Setting.AUDIT_LOG),
          values.get(Setting.TRUSTED_ROOT),
          bool(Setting.ALLOW_HTTP_REGISTRY),
          bool(Setting.ALLOW_INSECURE_REGISTRY),
          positive(Setting.RESOLVE_CACHE_TTL, "30s"),
          positive(Setting.EVIDENCE_CACHE_TTL, "5m"),
          positive(Setting.NEGATIVE_CACHE_TTL, "10s"),
          positive(Setting.RELOAD_INTERVAL, "2s"),
          maxRequestBytes());
    }

    private String required(Setting setting) throws ConfigException {
      String value = values.get(setting);
      if (value == null || value.isBlank()) {
        throw new ConfigException(
            setting.flag()
                + " is required (or "
                + setting.environmentVariable()
                + ", or "
                + setting.yamlKey()
                + " in the config file)"
                + (setting == Setting.AUDIT_LOG ? "; give - for standard output" : ""));
      }
      return value.strip();
    }

    private int port() throws ConfigException {
      String text = values.getOrDefault(Setting.PORT, "8443");
      try {
        int port = Integer.parseInt(text.strip());
        if (port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
        return port;
      } catch (NumberFormatException e) {
        throw bad(Setting.PORT, "a port between 0 and 65535");
      }
    }

    private long maxRequestBytes() throws ConfigException {
      String text = values.getOrDefault(Setting.MAX_REQUEST_BYTES, "4194304");
      try {
        long bytes = Long.parseLong(text.strip());
        // The API server sends at most a few MiB (etcd's request limit is 1.5 MiB by default);
        // 64 MiB bounds the memory a review may take.
        if (bytes < 1024 || bytes > 64L << 20) {
          throw new NumberFormatException();
        }
        return bytes;
      } catch (NumberFormatException e) {
        throw bad(Setting.MAX_REQUEST_BYTES, "a number of bytes, from 1024 to 67108864 (64 MiB)");
      }
    }

    private Duration positive(Setting setting, String fallback) throws ConfigException {
      try {
        Duration duration = Durations.parse(values.getOrDefault(setting, fallback));
        if (duration.isNegative() || duration.isZero()) {
          throw new IllegalArgumentException();
        }
        return duration;
      } catch (IllegalArgumentException e) {
        throw bad(setting, "a positive duration such as 500ms, 9s or 5m");
      }
    }

    private boolean bool(Setting setting) throws ConfigException {
      String text = values.getOrDefault(setting, "false").strip().toLowerCase(Locale.ROOT);
      return switch (text) {
        case "true", "yes", "1" -> true;
        case "false", "no", "0" -> false;
        default -> throw bad(setting, "true or false");
      };
    }

    private ConfigException bad(Setting setting, String expected) {
      return new ConfigException(
          origins.get(setting)
              + ": '"
              + values.get(setting)
              + "' is not valid for "
              + setting.flag()
              + "; expected "
              + expected);
    }
  }
}
