package dev.provenant.oci.registry;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Finds the credential to present to a registry, if there is one. */
@FunctionalInterface
public interface Credentials {

  /** The environment variable that holds a username for every registry. */
  String USERNAME_VARIABLE = "PROVENANT_REGISTRY_USERNAME";

  /** The environment variable that holds a password for every registry. */
  String PASSWORD_VARIABLE = "PROVENANT_REGISTRY_PASSWORD";

  /**
   * The credential for {@code registry} (as in {@code ImageReference.registry()}: {@code
   * docker.io}, {@code 127.0.0.1:5000}), or empty to go anonymous.
   */
  Optional<Credential> forRegistry(String registry);

  /**
   * {@code PROVENANT_REGISTRY_USERNAME} and {@code PROVENANT_REGISTRY_PASSWORD} for any registry
   * when both are set; otherwise the {@code auths} of Docker's {@code config.json} ({@code
   * $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}).
   */
  static Credentials fromEnvironment() {
    return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * As {@link #fromEnvironment()}, with the environment and home directory given, for tests and for
   * callers that sandbox them.
   */
  static Credentials fromEnvironment(Map<String, String> environment, Path userHome) {
    return variables(environment).orElse(dockerConfig(environment, userHome));
  }

  /**
   * {@code PROVENANT_REGISTRY_USERNAME} and {@code PROVENANT_REGISTRY_PASSWORD}, for any registry,
   * when both are set. Callers that talk to more than one registry scope them with {@link
   * #onlyFor}, so that they never reach a registry the user did not name.
   */
  static Credentials variables(Map<String, String> environment) {
    String user = environment.get(USERNAME_VARIABLE);
    String password = environment.get(PASSWORD_VARIABLE);
    return user != null && !user.isEmpty() && password != null ? of(user, password) : anonymous();
  }

  /** Docker's {@code config.json}: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/}. */
  static Credentials dockerConfig(Map<String, String> environment, Path userHome) {
    String dockerConfigDir = environment.get("DOCKER_CONFIG");
    Path configFile =
        dockerConfigDir != null && !dockerConfigDir.isEmpty()
            ? Path.of(dockerConfigDir).resolve("config.json")
            : userHome.resolve(".docker").resolve("config.json");
    return dockerConfig(configFile);
  }

  /**
   * The {@code auths} section of a Docker {@code config.json}. A missing or unreadable file gives
   * no credentials. Credential helpers ({@code credsStore}, {@code credHelpers}) are not run.
   */
  static Credentials dockerConfig(Path configJson) {
    return new DockerConfigCredentials(configJson);
  }

  /** The same credential for every registry. */
  static Credentials of(String username, String password) {
    Credential credential = new Credential(username, password);
    return registry -> Optional.of(credential);
  }

  /** No credential for any registry. */
  static Credentials anonymous() {
    return registry -> Optional.empty();
  }

  /** These credentials for {@code registry} only; nothing for any other registry. */
  default Credentials onlyFor(String registry) {
    Objects.requireNonNull(registry, "registry");
    return candidate -> registry.equals(candidate) ? forRegistry(candidate) : Optional.empty();
  }

  /** These credentials, and {@code other} for a registry these have none for. */
  default Credentials orElse(Credentials other) {
    Objects.requireNonNull(other, "other");
    return registry -> {
      Optional<Credential> mine = forRegistry(registry);
      return mine.isPresent() ? mine : other.forRegistry(registry);
    };
  }
}
