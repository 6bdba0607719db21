package dev.provenant.core.verification;

import java.util.Objects;

/**
 * One thing checked about one signature: what was checked, whether it held, and in words what was
 * expected and what was found ({@code "payload names sha256:ab…, the image is sha256:cd…"}).
 *
 * @param name a short stable name for tools: {@code signature}, {@code payload-digest}, {@code
 *     certificate-chain}, {@code transparency-log}, {@code timestamp}, {@code identity}, {@code
 *     issuer}, {@code github-workflow-repository}…
 */
public record Check(String name, boolean passed, String detail) {
  /** The name of the check that a signature is in a transparency log (or why it is not). */
  public static final String TRANSPARENCY_LOG = "transparency-log";

  public Check {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(detail, "detail");
  }

  public static Check pass(String name, String detail) {
    return new Check(name, true, detail);
  }

  public static Check fail(String name, String detail) {
    return new Check(name, false, detail);
  }
}
