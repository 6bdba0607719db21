package dev.provenant.sigstore;

import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.core.trust.TrustedRootException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Trusted roots shipped with Provenant. Only the Sigstore public-good root, a copy of the one the
 * Sigstore TUF repository publishes; it is used only when asked for by name, never by default, so
 * that nobody trusts the public instance by accident, and never refreshed over the network.
 */
public final class TrustedRoots {
  /** The name users give to ask for the public-good root: {@code --trusted-root public-good}. */
  public static final String PUBLIC_GOOD = "public-good";

  private TrustedRoots() {}

  /** The Sigstore public-good instance's trusted root, as shipped in this build. */
  public static TrustedRoot publicGood() {
    try (InputStream in = TrustedRoots.class.getResourceAsStream("public-good-trusted-root.json")) {
      if (in == null) {
        throw new IllegalStateException("the public-good trusted root is missing from this build");
      }
      return TrustedRoot.parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TrustedRootException e) {
      throw new IllegalStateException("the shipped public-good trusted root does not parse", e);
    }
  }
}
