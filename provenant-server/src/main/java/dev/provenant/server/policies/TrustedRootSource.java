package dev.provenant.server.policies;

import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.server.config.ConfigException;
import dev.provenant.server.config.TrustedRootFiles;
import dev.provenant.sigstore.TrustedRoots;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the Sigstore trusted root comes from: a file, watched like the policy files so that a
 * rotated root (a new Fulcio CA, a new log key) takes effect at once and drops every cached
 * verification; or a root that does not change (the public-good root shipped with Provenant, none,
 * or one given by an embedding program).
 */
public final class TrustedRootSource {
  private final Path file;
  private final String setting;
  private final TrustedRoot fixed;

  private TrustedRootSource(Path file, String setting, TrustedRoot fixed) {
    this.file = file;
    this.setting = setting;
    this.fixed = fixed;
  }

  /** The root the {@code trustedRoot} setting names: a file, {@code public-good}, or null. */
  public static TrustedRootSource of(String setting) {
    boolean isFile = setting != null && !setting.equals(TrustedRoots.PUBLIC_GOOD);
    return new TrustedRootSource(isFile ? Path.of(setting) : null, setting, null);
  }

  /** A root that never changes. */
  public static TrustedRootSource fixed(TrustedRoot root) {
    return new TrustedRootSource(null, null, root);
  }

  /** The file to watch, when the root comes from one. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** Reads the root now. */
  public TrustedRoot load() throws ConfigException {
    return fixed != null ? fixed : TrustedRootFiles.load(setting);
  }
}
