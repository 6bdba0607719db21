package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.attestation.PredicateType;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleWriter;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.InTotoStatement;
import dev.provenant.sigstore.signing.SigstoreBundleSigner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code provenant attest-blob}: signs a predicate about a file into a Sigstore bundle. */
@Command(
    name = "attest-blob",
    description = {
      "Wrap a predicate (--predicate FILE, of --type TYPE) in an in-toto Statement v1 whose subject"
          + " is FILE's SHA-256, sign it as a DSSE envelope and write a Sigstore bundle (v0.3) to"
          + " --bundle. Sign with a key (--key) or keyless (--identity-token, --fulcio-url, and"
          + " --rekor-url or --timestamp-server-url). Verify it with `provenant verify-blob`.",
      "Exit 0 when the bundle is written; 2 for a usage error or bad input; 3 when a service"
          + " cannot be reached."
    })
final class AttestBlobCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin SigningFlags signing;
  @Mixin PredicateFlags predicate;

  @Option(
      names = "--bundle",
      required = true,
      paramLabel = "OUT",
      description =
          "Where to write the Sigstore bundle (conventionally FILE.intoto.sigstore.json).")
  Path bundle;

  @Parameters(index = "0", paramLabel = "FILE", description = "The file the predicate is about.")
  Path file;

  @Override
  public Integer call() throws Exception {
    PredicateType type = predicate.predicateType();
    predicate.document();
    SigstoreBundleSigner signer = signing.bundleSigner(spec);
    Digest digest = Digest.sha256(SignBlobCommand.read(file));
    Path name = file.getFileName();
    byte[] statement =
        predicate.statement(name == null ? file.toString() : name.toString(), digest);
    Bundle signed = signer.signDsse(InTotoStatement.PAYLOAD_TYPE, statement);
    SignBlobCommand.write(bundle, BundleWriter.write(signed));

    PrintWriter out = spec.commandLine().getOut();
    if (signing.unlogged()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "provenant: note: the bundle has no transparency log entry and no timestamp; verify it"
              + " with `provenant verify-blob --key KEY.pub --insecure-ignore-tlog`");
      err.flush();
    }
    if (output.json()) {
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      json.put("bundle", bundle.toString());
      json.put("artifact", file.toString());
      json.put("digest", digest.toString());
      json.put("predicateType", type.uri());
      json.put("signer", signer.keyless() ? "keyless" : "key");
      json.put("transparencyLog", !signed.tlogEntries().isEmpty());
      json.put("timestamps", signed.rfc3161Timestamps().size());
      out.println(Json.pretty(json));
    } else {
      out.println(
          "Wrote attestation (" + type + ") " + bundle + " for " + file + " (" + digest + ")");
    }
    out.flush();
    return ExitCode.OK;
  }
}
