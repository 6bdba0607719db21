package dev.provenant.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.oci.registry.Credentials;
import dev.provenant.policy.PolicyLoader;
import dev.provenant.policy.engine.RegistryClients;
import dev.provenant.server.admission.AdmissionAnswer;
import dev.provenant.server.admission.AdmissionHandler;
import dev.provenant.server.admission.ImageDecider;
import dev.provenant.server.audit.AuditLog;
import dev.provenant.server.cache.CacheSettings;
import dev.provenant.server.cache.DecisionCaches;
import dev.provenant.server.cache.EvidenceCollector;
import dev.provenant.server.config.ConfigException;
import dev.provenant.server.config.ServerConfig;
import dev.provenant.server.metrics.ServerMetrics;
import dev.provenant.server.policies.LoadedPolicies;
import dev.provenant.server.policies.PolicyLoading;
import dev.provenant.server.policies.PolicyStore;
import dev.provenant.server.policies.TrustedRootSource;
import dev.provenant.server.tls.TlsMaterialException;
import dev.provenant.server.tls.TlsReloader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code provenant serve}: the Kubernetes admission webhook over HTTPS (PEM certificate reloaded
 * when it changes), with {@code POST /admission/validate}, {@code POST /admission/mutate}, {@code
 * GET /healthz}, {@code GET /readyz} (ready once policies are loaded) and {@code GET /metrics}
 * (Prometheus text). See {@code docs/server.md}.
 */
public final class AdmissionServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AdmissionServer.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerConfig config;
  private final WebServer server;
  private final PolicyStore policies;
  private final RegistryClients registries;
  private final AuditLog audit;
  private final ExecutorService workers;
  private final ScheduledExecutorService watcher;
  private final ServerMetrics metrics;

  private AdmissionServer(Builder builder) throws ConfigException, IOException {
    this.config = builder.config;
    Clock clock = builder.clock;
    // A root that cannot be read stops the start (exit 2); later changes to its file are
    // reloaded with the policies, and a broken one keeps the previous root in force.
    TrustedRootSource trust =
        builder.trustedRoot != null
            ? TrustedRootSource.fixed(builder.trustedRoot)
            : TrustedRootSource.of(config.trustedRoot());
    trust.load();
    RegistryOptions registryOptions =
        builder.registryOptions != null
            ? builder.registryOptions
            : new RegistryOptions(
                config.allowHttpRegistry(),
                config.allowInsecureRegistry(),
                defaultCredentials(System.getenv(), System.getProperty("user.home")));
    this.metrics = new ServerMetrics();
    this.registries = new RegistryClients(registryOptions);
    this.workers = Executors.newVirtualThreadPerTaskExecutor();
    DecisionCaches caches =
        new DecisionCaches(
            new CacheSettings(
                config.resolveCacheTtl(), config.evidenceCacheTtl(), config.negativeCacheTtl()),
            workers,
            metrics,
            builder.collector,
            clock);
    this.policies = new PolicyStore(config.policies(), builder.loader, registries, trust, clock);
    policies.onReload(caches::invalidateAll);
    policies.reloadIfChanged();
    this.audit = AuditLog.open(config.auditLog());
    AdmissionHandler handler =
        new AdmissionHandler(
            new ImageDecider(policies, caches, metrics, registries),
            audit,
            metrics,
            config.deadline(),
            workers,
            clock);
    TlsReloader tls = new TlsReloader(config.tlsCert(), config.tlsKey());
    try {
      this.server =
          WebServer.builder()
              .host(config.address())
              .port(config.port())
              .tls(tls.initial())
              // Our own limit answers 400 with a reason; Helidon's would answer 413.
              .maxPayloadSize(-1)
              .shutdownHook(false)
              .routing(routing -> routes(routing, handler))
              .build()
              .start();
    } catch (TlsMaterialException | RuntimeException e) {
      // Nothing listens: release what was opened (a port in use lands here too).
      workers.shutdownNow();
      registries.close();
      audit.close();
      throw new ConfigException(
          e instanceof TlsMaterialException
              ? e.getMessage()
              : "cannot listen on "
                  + config.address()
                  + ":"
                  + config.port()
                  + ": "
                  + e.getMessage(),
          e);
    }
    this.watcher =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("provenant-file-watch").factory());
    long every = config.reloadInterval().toMillis();
    watcher.scheduleWithFixedDelay(
        () -> {
          try {
            policies.reloadIfChanged();
            tls.reloadIfChanged(server);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "checking the policy and certificate files failed", e);
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Docker's {@code config.json} only, which names the registry of each credential: never {@code
   * PROVENANT_REGISTRY_USERNAME}/{@code PASSWORD}, which would go to every registry a pod names.
   */
  static Credentials defaultCredentials(Map<String, String> environment, String userHome) {
    return Credentials.dockerConfig(environment, Path.of(userHome));
  }

  public static Builder builder(ServerConfig config) {
    return new Builder(config);
  }

  /** The port the server listens on (the one picked when the configured port was 0). */
  public int port() {
    return server.port();
  }

  public ServerConfig config() {
    return config;
  }

  /** The policies in force, once loaded. */
  public Optional<LoadedPolicies> policies() {
    return policies.current();
  }

  /** Why the last policy load failed, when it did. */
  public Optional<String> policyProblem() {
    return policies.problem();
  }

  /** Stops accepting connections and releases everything; requests in flight are finished. */
  @Override
  public void close() {
    watcher.shutdownNow();
    server.stop();
    workers.shutdownNow();
    registries.close();
    try {
      audit.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing the audit log failed: " + e.getMessage());
    }
  }

  private void routes(HttpRouting.Builder routing, AdmissionHandler handler) {
    routing
        .post("/admission/validate", (req, res) -> admit(req, res, "validate", handler::validate))
        .post("/admission/mutate", (req, res) -> admit(req, res, "mutate", handler::mutate))
        .get("/healthz", (req, res) -> text(res, 200, "ok\n"))
        .get("/readyz", (req, res) -> ready(res))
        .get(
            "/metrics",
            (req, res) -> {
              res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
              res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
            });
  }

  private void admit(
      ServerRequest req,
      ServerResponse res,
      String endpoint,
      Function<byte[], AdmissionAnswer> answer) {
    long start = System.nanoTime();
    RequestBody body = RequestBody.read(req.content().inputStream(), config.maxRequestBytes());
    send(res, body.refusal() != null ? body.refusal() : answer.apply(body.bytes()));
    metrics.request(endpoint, Duration.ofNanos(System.nanoTime() - start));
  }

  private static void send(ServerResponse res, AdmissionAnswer answer) {
    res.status(Status.create(answer.status()));
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(answer.body());
  }

  private void ready(ServerResponse res) {
    ObjectNode body = JSON.createObjectNode();
    Optional<LoadedPolicies> loaded = policies.current();
    body.put("ready", loaded.isPresent());
    loaded.ifPresent(
        l -> {
          body.put("policies", l.policies().policies().size());
          body.put("revision", l.revision());
          body.put("loadedAt", l.loadedAt().toString());
        });
    policies.problem().ifPresent(p -> body.put("problem", p));
    res.status(loaded.isPresent() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void text(ServerResponse res, int status, String text) {
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    res.send(text.getBytes(StandardCharsets.UTF_8));
  }

  /** What {@link AdmissionServer} is made of; everything but the config has a default. */
  public static final class Builder {
    private final ServerConfig config;
    private RegistryOptions registryOptions;
    private TrustedRoot trustedRoot;
    private PolicyLoading loader = PolicyLoader::load;
    private EvidenceCollector collector = EvidenceCollector.ENGINE;
    private Clock clock = Clock.systemUTC();

    private Builder(ServerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * How registries are reached; default from the config, with the credentials of Docker's {@code
     * config.json} only ({@code DOCKER_CONFIG} or {@code ~/.docker/config.json}).
     */
    public Builder registryOptions(RegistryOptions options) {
      this.registryOptions = options;
      return this;
    }

    /** The Sigstore trusted root; default the config's {@code trustedRoot}. */
    public Builder trustedRoot(TrustedRoot root) {
      this.trustedRoot = root;
      return this;
    }

    /** How policy files are loaded; default {@link PolicyLoader#load(java.util.List)}. */
    public Builder policyLoader(PolicyLoading loading) {
      this.loader = Objects.requireNonNull(loading, "loading");
      return this;
    }

    /** Wraps evidence collection (tests count it); default {@link EvidenceCollector#ENGINE}. */
    public Builder evidenceCollector(EvidenceCollector evidenceCollector) {
      this.collector = Objects.requireNonNull(evidenceCollector, "evidenceCollector");
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Loads the policies, opens the audit log and starts listening. */
    public AdmissionServer start() throws ConfigException, IOException {
      return new AdmissionServer(this);
    }
  }
}
