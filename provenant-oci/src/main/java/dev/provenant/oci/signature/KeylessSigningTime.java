package dev.provenant.oci.signature;

import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SigningTimes;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A certificate lives minutes: a keyless legacy layer ({@code .sig} or {@code .att}) needs a
 * verified time inside its validity, its Rekor entry's integration time or an RFC 3161 timestamp
 * (as cosign's {@code verifyImageSignatures} and {@code verifyImageAttestations}). A layer without
 * a log entry is accepted only with {@code --insecure-ignore-tlog}, and then only with a timestamp;
 * a log entry that is there is always checked, since it may be the only verified time.
 */
final class KeylessSigningTime {
  private KeylessSigningTime() {}

  /**
   * Adds the timestamp, log entry and signing-time checks of a keyless layer.
   *
   * @param timestamped the bytes the RFC 3161 timestamp covers (see {@link LegacyTimestamp})
   * @param leaf the signing certificate
   * @param logEntry checks the layer's log entry under the policy it is given
   * @return the earliest verified time (the timestamp's, the log entry's), or null
   */
  static Instant check(
      LegacySignature layer,
      byte[] timestamped,
      X509Certificate leaf,
      TransparencyLogPolicy policy,
      Function<TransparencyLogPolicy, LegacyLogEntry.Result> logEntry,
      List<Check> checks) {
    boolean timed = false;
    Instant earliest = null;
    LegacyTimestamp.Result timestamp =
        LegacyTimestamp.check(layer, timestamped, policy.trustedRoot());
    if (timestamp != null) {
      checks.add(timestamp.check());
      if (timestamp.time() != null) {
        checks.add(LegacyTimestamp.signingTime("timestamped at", timestamp.time(), leaf));
        timed = true;
        earliest = timestamp.time();
      }
    }
    boolean logged = layer.rekorBundleJson().isPresent();
    LegacyLogEntry.Result log =
        logEntry.apply(
            new TransparencyLogPolicy(policy.trustedRoot(), logged || policy.required()));
    checks.add(log.check());
    if (log.integratedTime() != null) {
      checks.add(LegacyTimestamp.signingTime("logged at", log.integratedTime(), leaf));
      timed = true;
      earliest = SigningTimes.earliest(earliest, log.integratedTime());
    }
    if (!timed && timestamp == null && !logged && !policy.required()) {
      checks.add(
          Check.fail(
              "signing-time",
              "no verified signing time: the layer has no transparency log entry and no"
                  + " RFC 3161 timestamp ("
                  + LegacySignature.RFC3161_TIMESTAMP_ANNOTATION
                  + "), one of which shows a keyless signature was made while its certificate"
                  + " was valid"));
    }
    return earliest;
  }
}
