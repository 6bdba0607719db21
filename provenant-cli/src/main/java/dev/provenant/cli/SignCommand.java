package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.keys.SigningKey;
import dev.provenant.core.signature.SimpleSigningPayload;
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
      defaultValue = "legacy",
      description = "legacy (cosign's .sig tag), bundle or both (default: ${DEFAULT-VALUE}).")
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
    if (format != SignatureFormat.LEGACY) {
      throw new CommandFailure(
          ExitCode.INPUT,
          "invalid_input",
          "--format "
              + format.name().toLowerCase(java.util.Locale.ROOT)
              + " is not available yet; use --format legacy",
          null);
    }
    Map<String, String> claims = new LinkedHashMap<>();
    for (String annotation : annotations) {
      Map.Entry<String, String> entry = SimpleSigningPayload.parseAnnotationFlag(annotation);
      claims.put(entry.getKey(), entry.getValue());
    }
    SigningKey signingKey = KeyFiles.signingKey(key, ProvenantCommand.passwords(spec));
    String signatureRepository = ProvenantCommand.environment(spec).get(COSIGN_REPOSITORY);
    LegacySignResult result;
    try (ResolvedImage image = ResolvedImage.resolve(reference, registryFlags.toOptions());
        SignatureRegistry signatures =
            SignatureRegistry.open(image, signatureRepository, registryFlags.toOptions())) {
      result =
          LegacySigner.sign(
              signatures.client(), image.reference(), signingKey, claims, signatureRepository);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      ArrayNode stored = root.putArray("signatures");
      ObjectNode legacy = stored.addObject();
      legacy.put("format", "legacy");
      legacy.put("tag", result.signatureTag().toString());
      legacy.put("manifest", result.signatureManifest().toString());
      legacy.put("payload", result.payloadDigest().toString());
      legacy.put("layer", result.layer());
      legacy.put("appended", result.appended());
      out.println(Json.pretty(root));
    } else if (result.appended()) {
      out.println(
          "Pushed signature to " + result.signatureTag() + " (layer " + result.layer() + ")");
    } else {
      out.println(
          "Already signed by this key with these annotations: "
              + result.signatureTag()
              + " layer "
              + result.layer()
              + "; nothing pushed");
    }
    out.flush();
    return ExitCode.OK;
  }
}
