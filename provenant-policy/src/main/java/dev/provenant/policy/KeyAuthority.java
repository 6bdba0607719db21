package dev.provenant.policy;

import java.security.PublicKey;
import java.util.Objects;

/**
 * A public key whose signatures a policy accepts.
 *
 * @param name how decisions name it ({@code release}); unique within a policy
 * @param key the key
 * @param origin where it was read from, for explanations: a file, {@code inline PEM}, or {@code
 *     trusted key <name>}
 */
public record KeyAuthority(String name, PublicKey key, String origin) {
  public KeyAuthority {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(origin, "origin");
  }
}
