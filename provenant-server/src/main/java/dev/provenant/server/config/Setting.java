package dev.provenant.server.config;

import java.util.Locale;

/**
 * Every setting of {@code provenant serve}, with its three spellings: the command-line flag, the
 * environment variable and the key in the YAML config file. Flags win over the environment, which
 * wins over the file.
 */
public enum Setting {
  ADDRESS("address", "Address to listen on (default 0.0.0.0)."),
  PORT("port", "HTTPS port (default 8443; 0 picks a free port)."),
  TLS_CERT("tls-cert", "PEM certificate chain the server presents; reloaded when it changes."),
  TLS_KEY("tls-key", "PEM private key of the certificate; reloaded when it changes."),
  POLICY("policy", "Policy files or directories (comma-separated); reloaded when they change."),
  DEADLINE(
      "deadline", "Time to answer one AdmissionReview (default 9s), below the webhook timeout."),
  AUDIT_LOG(
      "audit-log", "File the audit log is appended to, one JSON line per image; - for stdout."),
  TRUSTED_ROOT("trusted-root", "Sigstore trusted_root.json for keyless policies, or public-good."),
  ALLOW_HTTP_REGISTRY("allow-http-registry", "Talk to registries over plain HTTP (true/false)."),
  ALLOW_INSECURE_REGISTRY(
      "allow-insecure-registry", "Accept registry TLS certificates without verifying them."),
  RESOLVE_CACHE_TTL("resolve-cache-ttl", "How long a tag's digest is reused (default 30s)."),
  EVIDENCE_CACHE_TTL("evidence-cache-ttl", "How long verified evidence is reused (default 5m)."),
  NEGATIVE_CACHE_TTL(
      "negative-cache-ttl", "How long failed or refused evidence is reused (default 10s)."),
  RELOAD_INTERVAL(
      "reload-interval", "How often policy, key and certificate files are checked (default 2s)."),
  MAX_REQUEST_BYTES("max-request-bytes", "Largest AdmissionReview accepted (default 4194304).");

  private final String flagName;
  private final String description;

  Setting(String flagName, String description) {
    this.flagName = flagName;
    this.description = description;
  }

  /** {@code --tls-cert}. */
  public String flag() {
    return "--" + flagName;
  }

  /** {@code PROVENANT_TLS_CERT}. */
  public String environmentVariable() {
    return "PROVENANT_" + name();
  }

  /** {@code tlsCert}: the key in the YAML config file. */
  public String yamlKey() {
    StringBuilder key = new StringBuilder();
    boolean upper = false;
    for (char c : flagName.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        key.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return key.toString();
  }

  public String description() {
    return description;
  }

  /** The setting a YAML key names, if any. */
  static Setting forYamlKey(String key) {
    for (Setting setting : values()) {
      if (setting.yamlKey().equals(key)) {
        return setting;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return flag().toLowerCase(Locale.ROOT);
  }
}
