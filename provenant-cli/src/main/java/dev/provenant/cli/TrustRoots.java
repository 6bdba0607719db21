package dev.provenant.cli;

import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.core.trust.TrustedRootException;
import dev.provenant.sigstore.TrustedRoots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the {@code --trusted-root} a verb is given. */
final class TrustRoots {
  /** Trusts no log, CA or timestamp authority: what verification has when given no root. */
  private static final String EMPTY =
      "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\","
          + "\"tlogs\":[],\"certificateAuthorities\":[],\"ctlogs\":[],\"timestampAuthorities\":[]}";

  private static final long MAX_BYTES = 4L * 1024 * 1024;

  private TrustRoots() {}

  /**
   * The root named by {@code option}: a file, {@code public-good} for the Sigstore public
   * instance's root shipped with Provenant, or nothing (null), which trusts nobody — offline
   * verification never trusts a root the user did not choose.
   */
  static TrustedRoot load(String option) throws CommandFailure {
    try {
      if (option == null) {
        return TrustedRoot.parse(EMPTY.getBytes(StandardCharsets.UTF_8));
      }
      if (option.equals(TrustedRoots.PUBLIC_GOOD)) {
        return TrustedRoots.publicGood();
      }
      Path file = Path.of(option);
      if (Files.size(file) > MAX_BYTES) {
        throw new CommandFailure(
            ExitCode.INPUT,
            "invalid_input",
            "trusted root " + file + " is larger than 4 MiB",
            null);
      }
      return TrustedRoot.parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.INPUT,
          "invalid_input",
          "trusted root " + option + " cannot be read: " + e.getMessage(),
          e);
    } catch (TrustedRootException e) {
      throw new CommandFailure(
          ExitCode.INPUT,
          "invalid_input",
          "trusted root " + option + " is not usable: " + e.getMessage(),
          e);
    }
  }
}
