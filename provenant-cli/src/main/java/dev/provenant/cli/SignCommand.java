package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleWriter;
import dev.provenant.core.bundle.KeyedBundleSigner;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.InTotoStatement;
import dev.provenant.core.keys.SigningKey;
import dev.provenant.core.signature.ImageSignatureStatement;
import dev.provenant.core.signature.SimpleSigningPayload;
import dev.provenant.oci.signature.BundleAttachments;
import dev.provenant.oci.signature.LegacySignResult;
import dev.provenant.oci.signature.LegacySigner;
import java.io.PrintWriter;
import java.nio.file.Path;
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
      "The password of KEY comes from COSIGN_PASSWORD or PROVENANT_PASSWORD, else a prompt.",
      "COSIGN_REPOSITORY stores the signature in another repository, as with cosign."
    })
final class SignCommand implements Callable<Integer> {
  static final String COSIGN_REPOSITORY = "COSIGN_REPOSITORY";

  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin RegistryFlags registryFlags;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "KEY",
      description = "Private key file written by generate-key-pair or import-key-pair.")
  Path key;

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
      description = "A claim to sign with the image, written into the payload (repeatable).")
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
    SigningKey signingKey = KeyFiles.signingKey(key, ProvenantCommand.passwords(spec));
    String signatureRepository = ProvenantCommand.environment(spec).get(COSIGN_REPOSITORY);
    PrintWriter out = spec.commandLine().getOut();
    ArrayNode stored = JsonNodeFactory.instance.arrayNode();
    try (ResolvedImage image = ResolvedImage.resolve(reference, registryFlags.toOptions())) {
      if (format != SignatureFormat.LEGACY) {
        Digest referrer = signBundle(image, signingKey, claims);
        ObjectNode entry = stored.addObject();
        entry.put("format", "bundle");
        entry.put("referrer", referrer.toString());
        if (!output.json()) {
          out.println(
              "Pushed Sigstore bundle for "
                  + image.reference()
                  + " as referrer "
                  + image.reference().name()
                  + "@"
                  + referrer);
          spec.commandLine()
              .getErr()
              .println(
                  "provenant: note: the bundle has no transparency log entry; verify it with"
                      + " --insecure-ignore-tlog");
        }
      }
      if (format != SignatureFormat.BUNDLE) {
        try (SignatureRegistry signatures =
            SignatureRegistry.open(image, signatureRepository, registryFlags.toOptions())) {
          LegacySignResult result =
              LegacySigner.sign(
                  signatures.client(), image.reference(), signingKey, claims, signatureRepository);
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
    return ExitCode.OK;
  }

  /** Signs the image's statement into a bundle and stores it as a referrer of the image. */
  private static Digest signBundle(
      ResolvedImage image, SigningKey signingKey, Map<String, String> claims) throws Exception {
    byte[] statement = ImageSignatureStatement.forImage(image.reference(), claims);
    Bundle bundle =
        new KeyedBundleSigner(signingKey).signDsse(InTotoStatement.PAYLOAD_TYPE, statement);
    return BundleAttachments.attach(
        image.client(),
        image.reference(),
        BundleWriter.write(bundle),
        Map.of(
            BundleAttachments.CONTENT_ANNOTATION,
            "dsse-envelope",
            BundleAttachments.PREDICATE_TYPE_ANNOTATION,
            ImageSignatureStatement.PREDICATE_TYPE));
  }
}
