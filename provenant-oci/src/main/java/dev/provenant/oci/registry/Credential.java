package dev.provenant.oci.registry;

import java.util.Objects;

/** A username and password (or token) for one registry; {@link #toString()} hides the password. */
public record Credential(String username, String password) {
  public Credential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "Credential[username=" + username + ", password=<redacted>]";
  }
}
