package dev.provenant.server.tls;

import dev.provenant.server.policies.FileFingerprint;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves a new certificate when the PEM files change (cert-manager renewing a Secret), through
 * Helidon's {@link WebServer#reloadTls(Tls)}: established connections keep their session, new
 * handshakes get the new certificate. A half-written or mismatched pair is skipped and retried at
 * the next check; the old certificate stays in service meanwhile.
 */
public final class TlsReloader {
  private static final Logger LOG = Logger.getLogger(TlsReloader.class.getName());

  private final Path certificate;
  private final Path key;
  private volatile FileFingerprint fingerprint;
  private volatile String problem;

  public TlsReloader(Path certificate, Path key) {
    this.certificate = certificate;
    this.key = key;
    this.fingerprint = FileFingerprint.of(List.of(certificate, key));
  }

  /** The TLS configuration from the files now (at start-up). */
  public Tls initial() throws TlsMaterialException {
    fingerprint = FileFingerprint.of(List.of(certificate, key));
    return PemTls.load(certificate, key);
  }

  /** Reloads {@code server}'s TLS if the files changed; true when a new certificate is served. */
  public synchronized boolean reloadIfChanged(WebServer server) {
    FileFingerprint now = FileFingerprint.of(List.of(certificate, key));
    if (now.equals(fingerprint)) {
      return false;
    }
    try {
      Tls tls = PemTls.load(certificate, key);
      server.reloadTls(tls);
      fingerprint = now;
      problem = null;
      LOG.info(() -> "serving the renewed TLS certificate from " + certificate);
      return true;
    } catch (TlsMaterialException | RuntimeException e) {
      String why = e.getMessage();
      if (!why.equals(problem)) {
        LOG.log(Level.WARNING, "keeping the current TLS certificate: " + why);
      }
      problem = why;
      return false;
    }
  }
}
