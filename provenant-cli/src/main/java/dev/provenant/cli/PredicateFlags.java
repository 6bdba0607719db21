package dev.provenant.cli;

import dev.provenant.core.attestation.AttestationStatement;
import dev.provenant.core.attestation.InvalidPredicateException;
import dev.provenant.core.attestation.PredicateType;
import dev.provenant.core.digest.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * What an attestation says, with cosign's flag names: the predicate document ({@code --predicate})
 * and its type ({@code --type}, a short name or a URI). A picocli mixin shared by {@code attest}
 * and {@code attest-blob}.
 */
final class PredicateFlags {
  @Option(
      names = "--predicate",
      required = true,
      paramLabel = "FILE",
      description = "The predicate: a JSON object (an SBOM, a scan, provenance…) to attest.")
  Path predicate;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      defaultValue = "custom",
      description =
          "The predicate type: slsaprovenance (SLSA v1), slsaprovenance1, slsaprovenance02,"
              + " cyclonedx, spdx, spdxjson, link, vuln, openvex, vsa, custom, or an absolute URI"
              + " (default: ${DEFAULT-VALUE}).")
  String type;

  private byte[] document;

  /** The {@code --type}, as a URI. Exit 2 naming the known short names when it is neither. */
  PredicateType predicateType() throws CommandFailure {
    return typeOf(type);
  }

  /** {@code text} as a predicate type; exit 2 naming the known short names when it is none. */
  static PredicateType typeOf(String text) throws CommandFailure {
    try {
      return PredicateType.parse(text);
    } catch (InvalidPredicateException e) {
      throw new CommandFailure(ExitCode.INPUT, "invalid_input", e.getMessage(), e);
    }
  }

  /** Reads and checks the predicate file once; exit 2 when it is missing or not a JSON object. */
  byte[] document() throws CommandFailure {
    if (document == null) {
      byte[] bytes = read();
      try {
        AttestationStatement.check(bytes, source());
      } catch (InvalidPredicateException e) {
        throw new CommandFailure(ExitCode.INPUT, "invalid_input", e.getMessage(), e);
      }
      document = bytes;
    }
    return document;
  }

  /** The statement about {@code subject}, named {@code subjectName}. */
  byte[] statement(String subjectName, Digest subject) throws CommandFailure {
    try {
      return AttestationStatement.about(
          subjectName, subject, predicateType(), document(), source());
    } catch (InvalidPredicateException e) {
      throw new CommandFailure(ExitCode.INPUT, "invalid_input", e.getMessage(), e);
    }
  }

  private String source() {
    return "predicate file " + predicate;
  }

  private byte[] read() throws CommandFailure {
    try {
      if (Files.size(predicate) > AttestationStatement.MAX_PREDICATE_BYTES) {
        throw new CommandFailure(
            ExitCode.INPUT,
            "invalid_input",
            source() + " is larger than " + AttestationStatement.MAX_PREDICATE_BYTES + " bytes",
            null);
      }
      return Files.readAllBytes(predicate);
    } catch (NoSuchFileException e) {
      throw new CommandFailure(ExitCode.INPUT, "invalid_input", source() + ": no such file", e);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.INPUT, "invalid_input", source() + " cannot be read: " + e.getMessage(), e);
    }
  }
}
