package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.attestation.PredicateType;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleSigner;
import dev.provenant.core.bundle.BundleWriter;
import dev.provenant.core.bundle.KeyedBundleSigner;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.EnvelopeJson;
import dev.provenant.core.dsse.InTotoStatement;
import dev.provenant.oci.signature.BundleAttachments;
import dev.provenant.oci.signature.LegacyAttestations;
import dev.provenant.oci.signature.LegacySignResult;
import dev.provenant.sigstore.signing.SigstoreBundleSigner;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code provenant attest}: signs a predicate about an image and stores it with the image. */
@Command(
    name = "attest",
    description = {
      "Wrap a predicate (--predicate FILE, of --type TYPE) in an in-toto Statement v1 whose subject"
          + " is the image's manifest digest, sign it as a DSSE envelope, and store it with the"
          + " image: as a Sigstore bundle referrer (--format bundle, the default) or in cosign's"
          + " sha256-<hex>.att tag (--format legacy).",
      "Sign with a key (--key) or keyless (--identity-token, --fulcio-url, and --rekor-url or"
          + " --timestamp-server-url); legacy layers carry the certificate, timestamp and log"
          + " entry as cosign v2 annotates them.",
      "Exit 0 when stored; 2 for a usage error or bad input; 3 when a service cannot be reached."
    })
final class AttestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin RegistryFlags registryFlags;
  @Mixin SigningFlags signing;
  @Mixin PredicateFlags predicate;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "bundle",
      description =
          "bundle (a Sigstore bundle stored as an OCI 1.1 referrer), legacy (cosign's .att tag) or"
              + " both (default: ${DEFAULT-VALUE}).")
  SignatureFormat format;

  @Parameters(index = "0", paramLabel = "REF", description = "The image to attest.")
  String reference;

  @Override
  public Integer call() throws Exception {
    // Usage and input first: nothing is resolved or signed for a command line that cannot work.
    PredicateType type = predicate.predicateType();
    predicate.document();
    // A legacy attestation signed with a key alone needs no Sigstore service; anything else
    // (keyless, logged, timestamped) is signed through them and its evidence written as cosign v2
    // annotates .att layers.
    SigstoreBundleSigner sigstore =
        format == SignatureFormat.BUNDLE || !signing.unlogged() ? signing.bundleSigner(spec) : null;
    BundleSigner signer =
        sigstore != null ? sigstore : new KeyedBundleSigner(signing.signingKey(spec));
    String signatureRepository =
        ProvenantCommand.environment(spec).get(SignCommand.COSIGN_REPOSITORY);
    PrintWriter out = spec.commandLine().getOut();
    ArrayNode stored = JsonNodeFactory.instance.arrayNode();
    try (ResolvedImage image =
        ResolvedImage.resolve(
            reference, registryFlags.toOptions(ResolvedImage.registryOf(reference)))) {
      Digest digest = image.reference().digest();
      byte[] statement = predicate.statement(image.reference().name(), digest);
      Bundle bundle = signer.signDsse(InTotoStatement.PAYLOAD_TYPE, statement);
      if (format != SignatureFormat.LEGACY) {
        Digest referrer =
            BundleAttachments.attachDsse(
                image.client(), image.reference(), BundleWriter.write(bundle), type.uri());
        ObjectNode entry = stored.addObject();
        entry.put("format", "bundle");
        entry.put("referrer", referrer.toString());
        entry.put("predicateType", type.uri());
        entry.put("transparencyLog", !bundle.tlogEntries().isEmpty());
        entry.put("timestamps", bundle.rfc3161Timestamps().size());
        if (!output.json()) {
          out.println(
              "Pushed attestation ("
                  + type
                  + ") for "
                  + image.reference()
                  + " as referrer "
                  + image.reference().name()
                  + "@"
                  + referrer);
        }
      }
      if (format != SignatureFormat.BUNDLE) {
        try (SignatureRegistry attestations =
            SignatureRegistry.open(
                image,
                signatureRepository,
                registryFlags.toOptions(image.reference().registry()))) {
          byte[] envelope = EnvelopeJson.write(bundle.dsse().orElseThrow());
          LegacySignResult result =
              LegacyAttestations.attach(
                  attestations.client(),
                  image.reference(),
                  envelope,
                  type.uri(),
                  LegacyAttestations.evidence(
                      bundle,
                      sigstore != null && sigstore.timestamps()
                          ? sigstore.timestamp(envelope)
                          : null),
                  signatureRepository);
          ObjectNode entry = stored.addObject();
          entry.put("format", "legacy");
          entry.put("tag", result.signatureTag().toString());
          entry.put("manifest", result.signatureManifest().toString());
          entry.put("layer", result.layer());
          entry.put("predicateType", type.uri());
          if (!output.json()) {
            out.println(
                "Pushed attestation ("
                    + type
                    + ") to "
                    + result.signatureTag()
                    + " (layer "
                    + result.layer()
                    + ")");
          }
        }
      }
    }
    if (signing.unlogged()) {
      spec.commandLine()
          .getErr()
          .println(
              "provenant: note: the attestation has no transparency log entry and no timestamp;"
                  + " verify it with --insecure-ignore-tlog");
    }
    if (output.json()) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.set("attestations", stored);
      out.println(Json.pretty(root));
    }
    out.flush();
    spec.commandLine().getErr().flush();
    return ExitCode.OK;
  }
}
