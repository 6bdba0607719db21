package dev.provenant.oci.signature;

import dev.provenant.core.trust.TrustedRoot;
import java.util.Objects;

/**
 * What a legacy signature's transparency log evidence must be: the roots whose logs count, and
 * whether a signature without any log entry is refused (the default, as in cosign) or accepted
 * ({@code --insecure-ignore-tlog}, for keys used offline).
 */
public record TransparencyLogPolicy(TrustedRoot trustedRoot, boolean required) {
  public TransparencyLogPolicy {
    Objects.requireNonNull(trustedRoot, "trustedRoot");
  }
}
