package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.DigestAlgorithm;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code provenant digest}: content digests of files, streamed in constant memory. */
@Command(
    name = "digest",
    description = {
      "Print the digest of each FILE as 'sha256:<hex>  FILE' ('-' reads standard input).",
      "A file that cannot be read is reported and skipped; the exit code is then 2."
    })
final class DigestCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOption output;

  @Option(
      names = {"-a", "--algorithm"},
      paramLabel = "ALGORITHM",
      defaultValue = "sha256",
      description = "sha256 or sha512 (default: ${DEFAULT-VALUE}).")
  String algorithmName;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Files to digest; '-' is standard input.")
  List<String> files;

  @Override
  public Integer call() throws Exception {
    DigestAlgorithm algorithm = DigestAlgorithm.fromLabel(algorithmName);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ArrayNode results = JsonNodeFactory.instance.arrayNode();
    int exitCode = ExitCode.OK;
    FileHasher hasher = new FileHasher(algorithm);
    for (String file : files) {
      try {
        FileHasher.Result hashed =
            file.equals("-") ? hasher.hash(System.in) : hasher.hash(Path.of(file));
        Digest digest = hashed.digest();
        if (output.json()) {
          ObjectNode entry = results.addObject();
          entry.put("file", file);
          entry.put("digest", digest.toString());
          entry.put("size", hashed.size());
        } else {
          out.println(digest + "  " + file);
        }
      } catch (IOException e) {
        err.println("provenant: error: " + describe(file, e));
        exitCode = ExitCode.INPUT;
        if (output.json()) {
          ObjectNode entry = results.addObject();
          entry.put("file", file);
          entry.put("error", describe(file, e));
        }
      }
    }
    if (output.json()) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.put("algorithm", algorithm.label());
      root.set("files", results);
      out.println(Json.pretty(root));
    }
    out.flush();
    return exitCode;
  }

  private static String describe(String file, IOException e) {
    return switch (e) {
      case NoSuchFileException ignored -> file + ": no such file";
      case AccessDeniedException ignored -> file + ": permission denied";
      default ->
          Files.isDirectory(Path.of(file))
              ? file + ": is a directory"
              : file + ": cannot be read: " + e.getMessage();
    };
  }
}
