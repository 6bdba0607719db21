package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleWriter;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.InTotoStatement;
import dev.provenant.core.signature.ImageSignatureStatement;
import dev.provenant.core.signature.SimpleSigningPayload;
import dev.provenant.oci.signature.BundleAttachments;
import dev.provenant.oci.signature.BundleBackedPayloadSigner;
import dev.provenant.oci.signature.LegacyPayloadSigner;
import dev.provenant.oci.signature.LegacySignResult;
import dev.provenant.oci.signature.LegacySigner;
import dev.provenant.sigstore.signing.SigstoreBundleSigner;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code provenant sign}: signs an image's manifest digest and stores the signature with it. */
@Command(
    name = "sign",
    description = {
      "Sign an image's manifest digest (never its tag) and store the signature in the registry.",
      "Sign with a key (--key; its password comes from COSIGN_PASSWORD or PROVENANT_PASSWORD,"
          + " else a prompt) or keyless (--identity-token with --fulcio-url, and --rekor-url or"
          + " --timestamp-server-url).",
      "COSIGN_REPOSITORY stores legacy signatures in another repository, as with cosign."
    })
final class SignCommand implements Callable<Integer> {
  static final String COSIGN_REPOSITORY = "COSIGN_REPOSITORY";

  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin RegistryFlags registryFlags;
  @Mixin SigningFlags signing;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "bundle",
      description =
          "bundle (a Sigstore bundle stored as an OCI 1.1 referrer, as cosign v3), legacy (cosign's"
              + " .sig tag) or both (default: ${DEFAULT-VALUE}).")
  SignatureFormat format;

  @Option(
      names = {"-a", "--annotations"},
      paramLabel = "KEY=VALUE",
      description = "A claim to sign with the image (repeatable).")
  List<String> annotations = List.of();

  @Parameters(index = "0", paramLabel = "REF", description = "The image to sign.")
  String reference;

  @Override
  public Integer call() throws Exception {
    Map<String, String> claims = new LinkedHashMap<>();
    for (String annotation : annotations) {
      Map.Entry<String, String> entry = SimpleSigningPayload.parseAnnotationFlag(annotation);
      claims.put(entry.getKey(), entry.getValue());
    }
    boolean sigstore = signing.identityToken != null || !signing.unlogged();
    SigstoreBundleSigner bundleSigner =
        format != SignatureFormat.LEGACY || sigstore ? signing.bundleSigner(spec) : null;
    String signatureRepository = ProvenantCommand.environment(spec).get(COSIGN_REPOSITORY);
    PrintWriter out = spec.commandLine().getOut();
    ArrayNode stored = JsonNodeFactory.instance.arrayNode();
    try (ResolvedImage image =
        ResolvedImage.resolve(
            reference, registryFlags.toOptions(ResolvedImage.registryOf(reference)))) {
      if (format != SignatureFormat.LEGACY) {
        Bundle bundle =
            bundleSigner.signDsse(
                InTotoStatement.PAYLOAD_TYPE,
                ImageSignatureStatement.forImage(image.reference(), claims));
        Digest referrer =
            BundleAttachments.attachDsse(
                image.client(),
                image.reference(),
                BundleWriter.write(bundle),
                ImageSignatureStatement.PREDICATE_TYPE);
        ObjectNode entry = stored.addObject();
        entry.put("format", "bundle");
        entry.put("referrer", referrer.toString());
        entry.put("signer", bundleSigner.keyless() ? "keyless" : "key");
        entry.put("transparencyLog", !bundle.tlogEntries().isEmpty());
        entry.put("timestamps", bundle.rfc3161Timestamps().size());
        if (!output.json()) {
          out.println(
              "Pushed Sigstore bundle for "
                  + image.reference()
                  + " as referrer "
                  + image.reference().name()
                  + "@"
                  + referrer);
        }
        if (signing.unlogged()) {
          spec.commandLine()
              .getErr()
              .println(
                  "provenant: note: the bundle has no transparency log entry and no timestamp (no"
                      + " --rekor-url or --timestamp-server-url); verify it with --insecure-ignore-tlog");
        }
      }
      if (format != SignatureFormat.BUNDLE) {
        try (SignatureRegistry signatures =
            SignatureRegistry.open(
                image,
                signatureRepository,
                registryFlags.toOptions(image.reference().registry()))) {
          LegacyPayloadSigner payloadSigner =
              sigstore
                  ? new BundleBackedPayloadSigner(
                      bundleSigner,
                      signing.key != null ? signing.signingKey(spec).publicKey() : null)
                  : LegacyPayloadSigner.of(signing.signingKey(spec));
          LegacySignResult result =
              LegacySigner.sign(
                  signatures.client(),
                  image.reference(),
                  payloadSigner,
                  claims,
                  signatureRepository);
          ObjectNode legacy = stored.addObject();
          legacy.put("format", "legacy");
          legacy.put("tag", result.signatureTag().toString());
          legacy.put("manifest", result.signatureManifest().toString());
          legacy.put("payload", result.payloadDigest().toString());
          legacy.put("layer", result.layer());
          legacy.put("appended", result.appended());
          if (!output.json()) {
            out.println(
                result.appended()
                    ? "Pushed signature to "
                        + result.signatureTag()
                        + " (layer "
                        + result.layer()
                        + ")"
                    : "Already signed by this key with these annotations: "
                        + result.signatureTag()
                        + " layer "
                        + result.layer()
                        + "; nothing pushed");
          }
        }
      }
    }
    if (output.json()) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.set("signatures", stored);
      out.println(Json.pretty(root));
    }
    out.flush();
    spec.commandLine().getErr().flush();
    return ExitCode.OK;
  }
}
