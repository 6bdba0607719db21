package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleWriter;
import dev.provenant.core.digest.Digest;
import dev.provenant.sigstore.signing.SigstoreBundleSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code provenant sign-blob}: signs a file into a Sigstore bundle, keyed or keyless. */
@Command(
    name = "sign-blob",
    description = {
      "Sign FILE into a Sigstore bundle (v0.3): with a managed key (--key), or keyless with a"
          + " certificate from Fulcio for an OIDC identity (--identity-token, --fulcio-url);"
          + " log the signature in Rekor (--rekor-url) and/or timestamp it (--timestamp-server-url)."
          + " Verify the bundle with `provenant verify-blob`.",
      "Exit 0 when the bundle is written; 2 for a usage error or a refusal; 3 when a service"
          + " cannot be reached."
    })
final class SignBlobCommand implements Callable<Integer> {
  /** Artifacts are read into memory to sign them, as verify-blob reads them to verify. */
  private static final long MAX_ARTIFACT_BYTES = 1L << 30;

  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin SigningFlags signing;

  @Option(
      names = "--bundle",
      required = true,
      paramLabel = "OUT",
      description = "Where to write the Sigstore bundle (conventionally FILE.sigstore.json).")
  Path bundle;

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to sign.")
  Path file;

  @Override
  public Integer call() throws Exception {
    SigstoreBundleSigner signer = signing.bundleSigner(spec);
    byte[] artifact = read(file);
    Bundle signed = signer.signArtifact(artifact);
    write(bundle, BundleWriter.write(signed));

    Digest digest = Digest.sha256(artifact);
    PrintWriter out = spec.commandLine().getOut();
    if (signing.unlogged()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "provenant: note: the bundle has no transparency log entry and no timestamp (no"
              + " --rekor-url or --timestamp-server-url); verify it with `provenant verify-blob --key"
              + " KEY.pub --insecure-ignore-tlog`");
      err.flush();
    }
    if (output.json()) {
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      json.put("bundle", bundle.toString());
      json.put("artifact", file.toString());
      json.put("digest", digest.toString());
      json.put("signer", signer.keyless() ? "keyless" : "key");
      json.put("transparencyLog", !signed.tlogEntries().isEmpty());
      signed.tlogEntries().stream()
          .findFirst()
          .ifPresent(entry -> json.put("logIndex", entry.logIndex()));
      json.put("timestamps", signed.rfc3161Timestamps().size());
      out.println(Json.pretty(json));
    } else {
      out.println("Wrote " + bundle + " for " + file + " (" + digest + ")");
      signed.tlogEntries().stream()
          .findFirst()
          .ifPresent(entry -> out.println("Logged at index " + entry.logIndex()));
      if (!signed.rfc3161Timestamps().isEmpty()) {
        out.println("Timestamped by the timestamp authority");
      }
    }
    out.flush();
    return ExitCode.OK;
  }

  /** Reads the file to sign, at most {@link #MAX_ARTIFACT_BYTES}; exit 2 when it cannot be. */
  static byte[] read(Path file) throws CommandFailure {
    try {
      if (Files.size(file) > MAX_ARTIFACT_BYTES) {
        throw new CommandFailure(
            ExitCode.INPUT,
            "invalid_input",
            "file " + file + " is larger than " + MAX_ARTIFACT_BYTES + " bytes",
            null);
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CommandFailure(
          ExitCode.INPUT, "invalid_input", "file " + file + ": no such file", e);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.INPUT,
          "invalid_input",
          "file " + file + " cannot be read: " + e.getMessage(),
          e);
    }
  }

  /** Writes a bundle to {@code bundle} atomically; exit 2 when it cannot be written. */
  static void write(Path bundle, byte[] json) throws CommandFailure {
    try {
      Path parent = bundle.toAbsolutePath().getParent();
      // Write beside the target and move into place, so a failed run leaves no half bundle.
      Path temporary = Files.createTempFile(parent, ".sign-blob", ".tmp");
      try {
        Files.write(temporary, json);
        Files.move(
            temporary,
            bundle,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.INPUT,
          "invalid_input",
          "cannot write the bundle to " + bundle + ": " + e.getMessage(),
          e);
    }
  }
}
