package dev.provenant.cli;

import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.oci.registry.Credentials;
import dev.provenant.server.AdmissionServer;
import dev.provenant.server.config.ConfigException;
import dev.provenant.server.config.ServerConfig;
import dev.provenant.server.config.Setting;
import dev.provenant.server.policies.LoadedPolicies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code provenant serve}: runs the Kubernetes admission webhook until SIGTERM. Every setting is a
 * flag, an environment variable ({@code PROVENANT_*}) and a key of the {@code --config} YAML file;
 * flags win over the environment, which wins over the file. See {@code docs/server.md}.
 */
@Command(
    name = "serve",
    description = {
      "Run the admission webhook over HTTPS: POST /admission/validate enforces the policies on"
          + " every image of a Pod or workload, POST /admission/mutate pins images to their"
          + " digests; GET /healthz, /readyz and /metrics (Prometheus).",
      "Each flag can also be set with PROVENANT_<FLAG> (PROVENANT_TLS_CERT…) or in the --config"
          + " YAML file (tlsCert: …). Policy, key and certificate files are reloaded when they"
          + " change. Stops gracefully on SIGTERM."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RegistryFlags registryFlags;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML file of settings (or PROVENANT_CONFIG).")
  Path configFile;

  @Option(
      names = "--address",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default 0.0.0.0).")
  String address;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "HTTPS port (default 8443; 0 picks a free one).")
  String port;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "PEM certificate chain (required).")
  String tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (required).")
  String tlsKey;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      split = ",",
      description = "Policy files or directories, repeatable or comma-separated (required).")
  List<String> policies;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      description = "Time to answer one review (default 9s).")
  String deadline;

  @Option(
      names = "--audit-log",
      paramLabel = "FILE",
      description = "Audit log file, one JSON line per image decision; - for stdout (required).")
  String auditLog;

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "Sigstore trusted_root.json for keyless policies, or public-good.")
  String trustedRoot;

  @Option(
      names = "--resolve-cache-ttl",
      paramLabel = "DURATION",
      description = "Tag-to-digest cache time (default 30s).")
  String resolveCacheTtl;

  @Option(
      names = "--evidence-cache-ttl",
      paramLabel = "DURATION",
      description = "Evidence cache time (default 5m).")
  String evidenceCacheTtl;

  @Option(
      names = "--negative-cache-ttl",
      paramLabel = "DURATION",
      description = "Cache time of failed or refused evidence (default 10s).")
  String negativeCacheTtl;

  @Option(
      names = "--reload-interval",
      paramLabel = "DURATION",
      description = "How often files are checked for changes (default 2s).")
  String reloadInterval;

  @Option(
      names = "--max-request-bytes",
      paramLabel = "BYTES",
      description = "Largest review accepted (default 4194304).")
  String maxRequestBytes;

  @Override
  public Integer call() throws Exception {
    if (registryFlags.username != null || registryFlags.password != null) {
      throw new CommandFailure(
          ExitCode.INPUT,
          "invalid_input",
          "serve reaches many registries: give their credentials in the Docker config.json"
              + " (DOCKER_CONFIG or ~/.docker/config.json), not --registry-username",
          null);
    }
    Map<String, String> environment = ProvenantCommand.environment(spec);
    for (String variable : List.of(Credentials.USERNAME_VARIABLE, Credentials.PASSWORD_VARIABLE)) {
      // They would be presented to every registry a pod names, whoever runs that registry.
      if (environment.get(variable) != null) {
        throw new CommandFailure(
            ExitCode.INPUT,
            "invalid_input",
            "serve reaches many registries: unset "
                + variable
                + " and give their credentials in the Docker config.json"
                + " (DOCKER_CONFIG or ~/.docker/config.json), which names each registry",
            null);
      }
    }
    ServerConfig config;
    try {
      config = ServerConfig.resolve(configFile, environment, flags());
    } catch (ConfigException e) {
      throw new CommandFailure(ExitCode.INPUT, "invalid_input", e.getMessage(), e);
    }
    TrustedRoot root = TrustRoots.load(config.trustedRoot());
    RegistryOptions options =
        new RegistryOptions(
            config.allowHttpRegistry(),
            config.allowInsecureRegistry(),
            Credentials.dockerConfig(environment, Path.of(System.getProperty("user.home"))));
    AdmissionServer server;
    try {
      server = AdmissionServer.builder(config).registryOptions(options).trustedRoot(root).start();
    } catch (ConfigException | IOException e) {
      throw new CommandFailure(ExitCode.INPUT, "invalid_input", e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              server.close();
              stopped.countDown();
            },
            "provenant-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    spec.commandLine().getOut().println(listening(server));
    spec.commandLine().getOut().flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // Stopped by the embedding program rather than a signal.
      Runtime.getRuntime().removeShutdownHook(hook);
      server.close();
      Thread.currentThread().interrupt();
    }
    return ExitCode.OK;
  }

  private static String listening(AdmissionServer server) {
    Optional<LoadedPolicies> loaded = server.policies();
    String policies =
        loaded
            .map(
                l -> {
                  int count = l.policies().policies().size();
                  return count
                      + (count == 1 ? " policy" : " policies")
                      + " loaded, revision "
                      + l.revision();
                })
            .orElse(
                "no policies loaded ("
                    + server.policyProblem().orElse("unknown reason")
                    + "); every image is denied until they load");
    return "provenant serve: listening on https://"
        + server.config().address()
        + ":"
        + server.port()
        + ", "
        + policies;
  }

  private Map<Setting, String> flags() {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    put(flags, Setting.ADDRESS, address);
    put(flags, Setting.PORT, port);
    put(flags, Setting.TLS_CERT, tlsCert);
    put(flags, Setting.TLS_KEY, tlsKey);
    put(flags, Setting.POLICY, policies == null ? null : String.join(",", policies));
    put(flags, Setting.DEADLINE, deadline);
    put(flags, Setting.AUDIT_LOG, auditLog);
    put(flags, Setting.TRUSTED_ROOT, trustedRoot);
    // The registry flags are switches: given means true, absent leaves the environment or file.
    put(flags, Setting.ALLOW_HTTP_REGISTRY, registryFlags.allowHttp ? "true" : null);
    put(flags, Setting.ALLOW_INSECURE_REGISTRY, registryFlags.allowInsecure ? "true" : null);
    put(flags, Setting.RESOLVE_CACHE_TTL, resolveCacheTtl);
    put(flags, Setting.EVIDENCE_CACHE_TTL, evidenceCacheTtl);
    put(flags, Setting.NEGATIVE_CACHE_TTL, negativeCacheTtl);
    put(flags, Setting.RELOAD_INTERVAL, reloadInterval);
    put(flags, Setting.MAX_REQUEST_BYTES, maxRequestBytes);
    return flags;
  }

  private static void put(Map<Setting, String> flags, Setting setting, String value) {
    if (value != null) {
      flags.put(setting, value);
    }
  }
}
