package dev.provenant.server.config;

import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.core.trust.TrustedRootException;
import dev.provenant.sigstore.TrustedRoots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the {@code trustedRoot} setting: a file, {@code public-good}, or none (trust nobody). */
public final class TrustedRootFiles {
  /** Trusts no log, CA or timestamp authority: keyless policies then refuse every signature. */
  private static final String EMPTY =
      "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\","
          + "\"tlogs\":[],\"certificateAuthorities\":[],\"ctlogs\":[],\"timestampAuthorities\":[]}";

  private static final long MAX_BYTES = 4L * 1024 * 1024;

  private TrustedRootFiles() {}

  public static TrustedRoot load(String setting) throws ConfigException {
    try {
      if (setting == null) {
        return TrustedRoot.parse(EMPTY.getBytes(StandardCharsets.UTF_8));
      }
      if (setting.equals(TrustedRoots.PUBLIC_GOOD)) {
        return TrustedRoots.publicGood();
      }
      Path file = Path.of(setting);
      if (Files.size(file) > MAX_BYTES) {
        throw new ConfigException("trusted root " + file + " is larger than 4 MiB");
      }
      return TrustedRoot.parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ConfigException(
          "trusted root " + setting + " cannot be read: " + e.getMessage(), e);
    } catch (TrustedRootException e) {
      throw new ConfigException("trusted root " + setting + " is not usable: " + e.getMessage(), e);
    }
  }
}
