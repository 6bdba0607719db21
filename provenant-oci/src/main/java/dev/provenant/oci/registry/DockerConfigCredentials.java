package dev.provenant.oci.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads credentials from the {@code auths} of a Docker {@code config.json}, as {@code docker login}
 * writes them.
 *
 * <p>Keys come in several spellings for one registry: {@code host:port}, {@code https://host}, and
 * for Docker Hub the legacy {@code https://index.docker.io/v1/}; all are reduced to the registry
 * name before comparing. An entry has either {@code auth} (base64 of {@code user:password}) or
 * {@code username} and {@code password}.
 */
final class DockerConfigCredentials implements Credentials {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path configFile;

  DockerConfigCredentials(Path configFile) {
    this.configFile = configFile;
  }

  @Override
  public Optional<Credential> forRegistry(String registry) {
    JsonNode auths = readAuths();
    if (auths == null) {
      return Optional.empty();
    }
    String wanted = normalise(registry);
    Iterator<Map.Entry<String, JsonNode>> entries = auths.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      if (normalise(entry.getKey()).equals(wanted)) {
        Optional<Credential> credential = credential(entry.getValue());
        if (credential.isPresent()) {
          return credential;
        }
      }
    }
    return Optional.empty();
  }

  private JsonNode readAuths() {
    // A missing or broken config file means "no stored login", as for the docker CLI: the
    // registry's 401 then tells the user to log in, which is the useful message.
    if (!Files.isRegularFile(configFile)) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(Files.readAllBytes(configFile));
      JsonNode auths = root == null ? null : root.get("auths");
      return auths != null && auths.isObject() ? auths : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Optional<Credential> credential(JsonNode entry) {
    if (entry == null || !entry.isObject()) {
      return Optional.empty();
    }
    JsonNode auth = entry.get("auth");
    if (auth != null && auth.isTextual() && !auth.asText().isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.asText()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      int colon = decoded.indexOf(':');
      if (colon > 0) {
        return Optional.of(
            new Credential(decoded.substring(0, colon), decoded.substring(colon + 1)));
      }
    }
    JsonNode username = entry.get("username");
    JsonNode password = entry.get("password");
    if (username != null && username.isTextual() && password != null && password.isTextual()) {
      return Optional.of(new Credential(username.asText(), password.asText()));
    }
    return Optional.empty();
  }

  /** Reduces any spelling of a registry to {@code host[:port]}, Docker Hub to {@code docker.io}. */
  static String normalise(String key) {
    String host = key.trim().toLowerCase(Locale.ROOT);
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    return switch (host) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
      default -> host;
    };
  }
}
