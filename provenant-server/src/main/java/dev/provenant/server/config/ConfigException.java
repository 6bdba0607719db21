package dev.provenant.server.config;

/** A server setting that is missing or cannot be used; the message names it and its source. */
public final class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
