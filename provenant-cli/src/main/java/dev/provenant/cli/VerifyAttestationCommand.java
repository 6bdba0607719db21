package dev.provenant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.attestation.AttestationStatement;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.verification.VerificationReport;
import dev.provenant.oci.signature.AttestationVerifier;
import dev.provenant.oci.signature.BundleAttachments;
import dev.provenant.oci.signature.CosignTags;
import dev.provenant.oci.signature.LegacyAttestations;
import dev.provenant.oci.signature.VerifiedAttestation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code provenant verify-attestation}: finds an image's attestations and checks each. */
@Command(
    name = "verify-attestation",
    description = {
      "Find every attestation of an image (cosign's .att tag and Sigstore bundle referrers) and"
          + " check each: its DSSE signature is by a given key (--key) or by a certificate for the"
          + " given identity and issuer, its in-toto statement names the image's manifest digest,"
          + " and its predicate type is --type (any, when not given).",
      "With --output json each accepted attestation carries its decoded predicate.",
      "Exit 0 when at least one attestation is accepted, 1 when none is (or there are none)."
    })
final class VerifyAttestationCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin RegistryFlags registryFlags;
  @Mixin VerificationFlags verification;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      description =
          "Only attestations of this predicate type: a short name (as for attest) or a URI.")
  String type;

  @Parameters(index = "0", paramLabel = "REF", description = "The image to verify.")
  String reference;

  @Override
  public Integer call() throws Exception {
    VerificationFlags.Resolved trust = verification.resolve(spec, "attestations");
    String predicateType = null;
    if (type != null) {
      predicateType = PredicateFlags.typeOf(type).uri();
    }
    String signatureRepository =
        ProvenantCommand.environment(spec).get(SignCommand.COSIGN_REPOSITORY);
    List<VerifiedAttestation> attestations = new ArrayList<>();
    String subject;
    try (ResolvedImage image =
            ResolvedImage.resolve(
                reference, registryFlags.toOptions(ResolvedImage.registryOf(reference)));
        SignatureRegistry signatures =
            SignatureRegistry.open(
                image,
                signatureRepository,
                registryFlags.toOptions(image.reference().registry()))) {
      Digest digest = image.reference().digest();
      subject = image.reference().toString();
      attestations.addAll(
          AttestationVerifier.verifyLegacy(
              LegacyAttestations.read(
                  signatures.client(),
                  CosignTags.attestationReference(image.reference(), digest, signatureRepository)),
              digest,
              trust.publicKeys(),
              trust.keyless(),
              trust.root(),
              trust.requireLog(),
              predicateType));
      attestations.addAll(
          AttestationVerifier.verifyBundles(
              BundleAttachments.list(image.client(), image.reference().repository(), digest),
              digest,
              trust.bundleVerifier(),
              trust.bundleKeys(),
              predicateType));
    }
    VerificationReport report =
        new VerificationReport(
            subject, attestations.stream().map(VerifiedAttestation::verdict).toList());
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      ObjectNode json = VerdictPrinter.toJson(report);
      ArrayNode entries = (ArrayNode) json.get("signatures");
      json.remove("signatures");
      json.set("attestations", entries);
      for (int i = 0; i < attestations.size(); i++) {
        VerifiedAttestation attestation = attestations.get(i);
        ObjectNode entry = (ObjectNode) entries.get(i);
        entry.put("predicateType", attestation.predicateType());
        if (attestation.verdict().accepted() && attestation.statement() != null) {
          JsonNode predicate = AttestationStatement.predicateOf(attestation.statement());
          entry.set("predicate", predicate);
        }
      }
      out.println(Json.pretty(json));
    } else {
      VerdictPrinter.printText(report, out);
    }
    out.flush();
    if (!report.verified()) {
      String reason =
          attestations.isEmpty()
              ? (predicateType != null
                  ? "no attestation of type " + predicateType + " for " + subject
                  : "no attestations for " + subject)
              : report.verdicts().stream()
                  .flatMap(v -> v.firstFailure().stream())
                  .map(c -> c.detail())
                  .findFirst()
                  .orElse("no attestation accepted");
      spec.commandLine().getErr().println("provenant: not verified: " + Printable.safe(reason));
      spec.commandLine().getErr().flush();
    }
    return report.verified() ? ExitCode.OK : ExitCode.NOT_VERIFIED;
  }
}
