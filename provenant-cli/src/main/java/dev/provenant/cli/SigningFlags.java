package dev.provenant.cli;

import dev.provenant.core.keys.SigningKey;
import dev.provenant.sigstore.signing.SigstoreBundleSigner;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The flags that say how to sign into a Sigstore bundle, with cosign's names: a managed key ({@code
 * --key}), or keyless ({@code --identity-token} and {@code --fulcio-url}); then where to log
 * ({@code --rekor-url}) and timestamp ({@code --timestamp-server-url}). A picocli mixin shared by
 * the verbs that write bundles ({@code sign-blob}, and {@code sign --format bundle}).
 */
final class SigningFlags {
  /** OIDC tokens are a few kilobytes; a file far larger is not one. */
  private static final int MAX_TOKEN_BYTES = 64 << 10;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description =
          "A cosign private key file (cosign.key) to sign with; its password comes from"
              + " COSIGN_PASSWORD, PROVENANT_PASSWORD or the terminal.")
  Path key;

  @Option(
      names = "--identity-token",
      paramLabel = "TOKEN|@FILE",
      description =
          "Sign keyless: an OIDC ID token (audience sigstore) proving who signs, or @FILE to read"
              + " it from FILE. Fulcio issues a certificate to its identity for a new key.")
  String identityToken;

  @Option(
      names = "--fulcio-url",
      paramLabel = "URL",
      description =
          "The Fulcio certificate authority for keyless signing, e.g. https://fulcio.sigstore.dev.")
  String fulcioUrl;

  @Option(
      names = "--rekor-url",
      paramLabel = "URL",
      description =
          "Log the signature in this Rekor (v1) transparency log, e.g. https://rekor.sigstore.dev.")
  String rekorUrl;

  @Option(
      names = "--timestamp-server-url",
      paramLabel = "URL",
      description =
          "Timestamp the signature with this RFC 3161 authority: a Sigstore timestamp authority's"
              + " base URL, or the full URL of any RFC 3161 server.")
  String timestampServerUrl;

  private SigningKey decryptedKey;

  /** The {@code --key}, read and decrypted once per run however many formats it signs. */
  SigningKey signingKey(CommandSpec spec) throws CommandFailure {
    if (decryptedKey == null) {
      decryptedKey = KeyFiles.signingKey(key, ProvenantCommand.passwords(spec));
    }
    return decryptedKey;
  }

  /** Whether the signature will be signed with a managed key and neither logged nor timestamped. */
  boolean unlogged() {
    return key != null && rekorUrl == null && timestampServerUrl == null;
  }

  /**
   * Checks the combination and builds the signer; reads and decrypts {@code --key} with the command
   * line's password source.
   *
   * @throws ParameterException for a combination that cannot sign (exit code 2)
   * @throws CommandFailure when the key or token file cannot be read or decrypted
   */
  SigstoreBundleSigner bundleSigner(CommandSpec spec) throws CommandFailure {
    if ((key == null) == (identityToken == null)) {
      throw new ParameterException(
          spec.commandLine(),
          key == null
              ? "give --key KEY to sign with a managed key, or --identity-token TOKEN with"
                  + " --fulcio-url URL to sign keyless"
              : "--key and --identity-token exclude each other: sign with a managed key or keyless");
    }
    SigstoreBundleSigner.Builder builder = SigstoreBundleSigner.builder();
    if (identityToken != null) {
      if (fulcioUrl == null) {
        throw new ParameterException(
            spec.commandLine(),
            "--identity-token needs --fulcio-url: the certificate authority that issues the"
                + " certificate (https://fulcio.sigstore.dev for the public-good instance)");
      }
      if (rekorUrl == null && timestampServerUrl == null) {
        throw new ParameterException(
            spec.commandLine(),
            "keyless signing needs --rekor-url or --timestamp-server-url (or both): a Fulcio"
                + " certificate is valid for minutes, and a verifier accepts it only with a logged"
                + " or timestamped signing time");
      }
      builder.keyless(token(spec), url(spec, "--fulcio-url", fulcioUrl));
    } else {
      if (fulcioUrl != null) {
        throw new ParameterException(
            spec.commandLine(), "--fulcio-url is for keyless signing; --key signs without Fulcio");
      }
      builder.key(signingKey(spec));
    }
    if (rekorUrl != null) {
      builder.rekor(url(spec, "--rekor-url", rekorUrl));
    }
    if (timestampServerUrl != null) {
      builder.timestampAuthority(url(spec, "--timestamp-server-url", timestampServerUrl));
    }
    return builder.build();
  }

  private String token(CommandSpec spec) throws CommandFailure {
    if (!identityToken.startsWith("@")) {
      return identityToken.strip();
    }
    Path file = Path.of(identityToken.substring(1));
    try {
      if (Files.size(file) > MAX_TOKEN_BYTES) {
        throw new CommandFailure(
            ExitCode.INPUT,
            "invalid_input",
            "identity token file " + file + " is larger than " + MAX_TOKEN_BYTES + " bytes",
            null);
      }
      return Files.readString(file).strip();
    } catch (NoSuchFileException e) {
      throw new CommandFailure(
          ExitCode.INPUT, "invalid_input", "identity token file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.INPUT,
          "invalid_input",
          "identity token file " + file + " cannot be read: " + e.getMessage(),
          e);
    }
  }

  private static URI url(CommandSpec spec, String flag, String value) {
    try {
      URI uri = new URI(value);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(value, "not an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ParameterException(
          spec.commandLine(), flag + " " + value + " is not a URL: " + e.getReason());
    }
  }
}
