package dev.provenant.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Every verb of {@code provenant}, in the order help lists them. Picocli builds a verb's model by
 * reflection when it is added, which costs milliseconds per verb on every start (picocli's classes
 * cannot be held in the JDK's ahead-of-time cache); so a run adds only the verb it was asked for,
 * and all of them only when it needs the whole list (help, a typo to suggest a verb for).
 */
final class Verbs {
  private static final Map<String, Supplier<Object>> VERBS = new LinkedHashMap<>();

  static {
    VERBS.put("version", VersionCommand::new);
    VERBS.put("digest", DigestCommand::new);
    VERBS.put("inspect", InspectCommand::new);
    VERBS.put("generate-key-pair", GenerateKeyPairCommand::new);
    VERBS.put("import-key-pair", ImportKeyPairCommand::new);
    VERBS.put("sign", SignCommand::new);
    VERBS.put("verify", VerifyCommand::new);
    VERBS.put("sign-blob", SignBlobCommand::new);
    VERBS.put("verify-blob", VerifyBlobCommand::new);
    VERBS.put("attest", AttestCommand::new);
    VERBS.put("attest-blob", AttestBlobCommand::new);
    VERBS.put("verify-attestation", VerifyAttestationCommand::new);
    VERBS.put("provenance", ProvenanceCommand::new);
    VERBS.put("ci", CiCommand::new);
    VERBS.put("sbom", SbomCommand::new);
    VERBS.put("policy", PolicyCommand::new);
    VERBS.put("serve", ServeCommand::new);
    VERBS.put("warm-up", WarmUpCommand::new);
  }

  private Verbs() {}

  /** Adds the verb {@code args} starts with, or every verb when it starts with none. */
  static void addTo(CommandLine commandLine, String[] args) {
    Supplier<Object> requested = args.length > 0 ? VERBS.get(args[0]) : null;
    if (requested != null) {
      commandLine.addSubcommand(args[0], requested.get());
    } else {
      VERBS.forEach((name, verb) -> commandLine.addSubcommand(name, verb.get()));
    }
  }
}
