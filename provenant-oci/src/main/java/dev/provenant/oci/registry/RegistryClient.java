package dev.provenant.oci.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.InvalidDigestException;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.oci.image.Descriptor;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageIndex;
import dev.provenant.oci.image.ImageSource;
import dev.provenant.oci.image.Manifest;
import dev.provenant.oci.image.ManifestParser;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.image.RawManifest;
import dev.provenant.oci.image.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one door to a registry's Distribution API: pulls and pushes manifests and blobs, lists tags
 * and repositories, and finds referrers (with the OCI 1.1 tag-schema fallback). Everything read is
 * verified against its digest.
 *
 * <p>HTTPS only unless {@link Builder#allowHttp(boolean)}; credentials from {@link
 * Credentials#fromEnvironment()} unless given. One client holds one connection pool: share it
 * between threads, and close it when done.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md">OCI
 *     distribution-spec 1.1</a>
 */
public final class RegistryClient implements AutoCloseable {
  static final long MAX_MANIFEST_BYTES = 4L * 1024 * 1024;
  static final int DEFAULT_PAGE_SIZE = 1000;
  static final int MONOLITHIC_LIMIT = 8 * 1024 * 1024;
  private static final int MAX_PAGES = 100_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.MANIFEST_TYPES);

  private final String registry;
  private final RegistryHttp http;
  private final BlobUploader uploader;
  private final Clock clock;

  /**
   * Until when the registry is taken to have no referrers API, after it answered a referrers
   * request as distribution 2.8 does (404): asking again on every lookup would cost each
   * verification a round trip that can only fail. Remembered for {@link #REFERRERS_API_RECHECK}, so
   * that a registry upgraded while a server runs is noticed.
   */
  private volatile java.time.Instant referrersApiMissingUntil = java.time.Instant.MIN;

  static final java.time.Duration REFERRERS_API_RECHECK = java.time.Duration.ofMinutes(5);

  private RegistryClient(Builder builder) {
    this.registry = builder.registry;
    String scheme = builder.allowHttp ? "http" : "https";
    URI base = URI.create(scheme + "://" + apiHost(builder.registry) + "/");
    this.http =
        new RegistryHttp(
            base,
            builder.registry,
            builder.allowHttp,
            builder.allowInsecureTls,
            builder.connectTimeout,
            builder.requestTimeout,
            new RetryPolicy(builder.maxAttempts, builder.retryBaseDelay),
            builder.credentials,
            builder.clock);
    this.uploader = new BlobUploader(http, builder.chunkSize);
    this.clock = builder.clock;
  }

  /**
   * A builder for a client of {@code registry}, written as in {@link ImageReference#registry()}:
   * {@code 127.0.0.1:5000}, {@code docker.io}, {@code [::1]:5000}.
   */
  public static Builder builder(String registry) {
    return new Builder(registry);
  }

  /** Options of a {@link RegistryClient}; every one has a safe default. */
  public static final class Builder {
    private final String registry;
    private boolean allowHttp;
    private boolean allowInsecureTls;
    private Credentials credentials;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private int maxAttempts = 4;
    private Duration retryBaseDelay = Duration.ofMillis(200);
    private int chunkSize = MONOLITHIC_LIMIT;
    private Clock clock = Clock.systemUTC();

    private Builder(String registry) {
      Objects.requireNonNull(registry, "registry");
      if (registry.isBlank() || registry.contains("/")) {
        throw new IllegalArgumentException(
            "registry must be a host with an optional port, such as 127.0.0.1:5000, not '"
                + registry
                + "'");
      }
      this.registry = registry;
    }

    /** Talk plain HTTP to the registry ({@code --allow-http-registry}); default HTTPS only. */
    public Builder allowHttp(boolean allow) {
      this.allowHttp = allow;
      return this;
    }

    /** Accept any TLS certificate and host name ({@code --allow-insecure-registry}). */
    public Builder allowInsecureTls(boolean allow) {
      this.allowInsecureTls = allow;
      return this;
    }

    /** Where credentials come from; default {@link Credentials#fromEnvironment()}. */
    public Builder credentials(Credentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** How long to wait for a connection; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /** How long to wait for each answer; default 60 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "request timeout");
      return this;
    }

    /** How many times to send a request that fails transiently; default 4, 1 means no retry. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * The first backoff delay, doubled on each retry, with jitter, capped at 30 s; a {@code
     * Retry-After} from the registry wins. Default 200 ms.
     */
    public Builder retryBaseDelay(Duration delay) {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("retry base delay cannot be negative: " + delay);
      }
      this.retryBaseDelay = delay;
      return this;
    }

    /** Blobs larger than this go up in PATCH chunks of this size (tests make it small). */
    Builder chunkSize(int bytes) {
      this.chunkSize = bytes;
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public RegistryClient build() {
      if (credentials == null) {
        credentials = Credentials.fromEnvironment();
      }
      return new RegistryClient(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }

  /** The registry this client talks to, as given to {@link #builder(String)}. */
  public String registry() {
    return registry;
  }

  /** Checks that the registry answers the Distribution API ({@code GET /v2/}) and accepts us. */
  public void ping() throws RegistryException {
    RegistryHttp.Call call = call("GET", "/v2/", null, Access.NONE, registry, List.of());
    http.exchange(
        call,
        (response, attempts) -> {
          if (response.statusCode() != 200) {
            throw http.failure(response, call, attempts);
          }
          RegistryErrors.readBounded(response);
          return null;
        });
  }

  /**
   * Pulls a manifest by tag or digest, verified: against the digest when asked by digest, else
   * against the registry's {@code Docker-Content-Digest} when it sends one.
   */
  public RawManifest pullManifest(String repository, String tagOrDigest) throws RegistryException {
    return pullManifest(repository, tagOrDigest, false);
  }

  /**
   * Like {@link #pullManifest}, but empty when the registry has nothing at that name (404): for the
   * places evidence may be (a {@code .sig} tag, a referrers fallback tag), where absence is the
   * common answer and not a failure worth an exception's cost on every decision.
   */
  public Optional<RawManifest> findManifest(String repository, String tagOrDigest)
      throws RegistryException {
    return Optional.ofNullable(pullManifest(repository, tagOrDigest, true));
  }

  private RawManifest pullManifest(String repository, String tagOrDigest, boolean absentIsNull)
      throws RegistryException {
    String what = manifestWhat(repository, tagOrDigest);
    Digest requested = requestedDigest(repository, tagOrDigest, what);
    RegistryHttp.Call call = manifestCall("GET", repository, tagOrDigest, what);
    return http.exchange(
        call,
        (response, attempts) -> {
          if (response.statusCode() == 404 && absentIsNull) {
            RegistryErrors.readBounded(response);
            return null;
          }
          if (response.statusCode() != 200) {
            throw http.failure(response, call, attempts);
          }
          byte[] bytes = readManifestBody(response, what, repository);
          String mediaType = contentType(response);
          Digest announced = headerDigest(response);
          Digest expected = requested != null ? requested : announced;
          Digest actual;
          if (expected != null) {
            actual = Digest.compute(expected.algorithm(), bytes);
            if (!actual.equals(expected)) {
              throw http.errors()
                  .integrity(
                      what,
                      repository,
                      "the manifest the registry sent hashes to "
                          + actual
                          + ", not "
                          + (requested != null
                              ? "the digest asked for"
                              : "the Docker-Content-Digest it announced")
                          + " ("
                          + expected
                          + "); the content was altered in the registry or on the way, do not"
                          + " use it");
            }
          } else {
            actual = Digest.sha256(bytes);
          }
          return new RawManifest(bytes, mediaType, actual);
        });
  }

  /** The digest, media type and size of a manifest without pulling it; empty if there is none. */
  public Optional<ManifestHead> headManifest(String repository, String tagOrDigest)
      throws RegistryException {
    String what = manifestWhat(repository, tagOrDigest);
    Digest requested = requestedDigest(repository, tagOrDigest, what);
    RegistryHttp.Call call = manifestCall("HEAD", repository, tagOrDigest, what);
    Optional<ManifestHead> head =
        http.exchange(
            call,
            (response, attempts) -> {
              int status = response.statusCode();
              RegistryErrors.readBounded(response);
              if (status == 404) {
                return Optional.empty();
              }
              if (status != 200) {
                throw http.failure(response, call, attempts);
              }
              Digest digest = headerDigest(response);
              if (digest == null) {
                return null; // the registry did not say; pull to find out
              }
              if (requested != null && !requested.equals(digest)) {
                throw http.errors()
                    .integrity(
                        what,
                        repository,
                        "the registry announced digest "
                            + digest
                            + " for a manifest asked by digest");
              }
              long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
              return Optional.of(new ManifestHead(digest, contentType(response), size));
            });
    if (head != null) {
      return head;
    }
    try {
      RawManifest manifest = pullManifest(repository, tagOrDigest);
      return Optional.of(
          new ManifestHead(manifest.digest(), manifest.mediaType(), manifest.bytes().length));
    } catch (RegistryException e) {
      if (e.failure() == ImageAccessException.Failure.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Pulls a whole blob into memory, refusing more than {@code maxBytes}, verified. */
  public byte[] pullBlob(String repository, Digest digest, long maxBytes) throws RegistryException {
    String what = blobWhat(repository, digest);
    RegistryHttp.Call call = blobCall("GET", repository, digest, Access.PULL, what);
    return http.exchange(
        call,
        (response, attempts) -> {
          if (response.statusCode() != 200) {
            throw http.failure(response, call, attempts);
          }
          long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
          if (length > maxBytes) {
            RegistryErrors.readBounded(response);
            throw http.errors()
                .invalid(
                    what,
                    repository,
                    "the blob is "
                        + length
                        + " bytes, more than the "
                        + maxBytes
                        + " allowed here; it is not what was expected",
                    null);
          }
          byte[] bytes;
          try (InputStream in = response.body()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
          } catch (IOException e) {
            throw new RegistryHttp.TruncatedException(
                "the blob was cut short ("
                    + e.getMessage()
                    + "); the registry or the network broke the transfer",
                e);
          }
          if (bytes.length > maxBytes) {
            throw http.errors()
                .invalid(
                    what,
                    repository,
                    "the blob is more than the " + maxBytes + " bytes allowed here",
                    null);
          }
          if (length >= 0 && bytes.length != length) {
            throw new RegistryHttp.TruncatedException(
                "the blob was cut short: got " + bytes.length + " of " + length + " bytes", null);
          }
          Digest actual = Digest.compute(digest.algorithm(), bytes);
          if (!actual.equals(digest)) {
            throw http.errors()
                .integrity(
                    what,
                    repository,
                    "the "
                        + bytes.length
                        + " bytes the registry sent hash to "
                        + actual
                        + "; the blob was altered or damaged in the registry or on the way, do not"
                        + " use it");
          }
          return bytes;
        });
  }

  /**
   * Opens a blob for streaming. Reading past its end throws an {@link IOException} if it was cut
   * short or does not match {@code digest}.
   */
  public InputStream openBlob(String repository, Digest digest) throws RegistryException {
    String what = blobWhat(repository, digest);
    RegistryHttp.Call call = blobCall("GET", repository, digest, Access.PULL, what);
    return http.exchange(
        call,
        (response, attempts) -> {
          if (response.statusCode() != 200) {
            throw http.failure(response, call, attempts);
          }
          long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
          return VerifyingInputStream.transfer(response.body(), digest, length, what);
        });
  }

  /** Every tag of a repository, following {@code Link} pagination. */
  public List<String> listTags(String repository) throws RegistryException {
    return listTags(repository, DEFAULT_PAGE_SIZE);
  }

  List<String> listTags(String repository, int pageSize) throws RegistryException {
    return paginate(
        "/v2/" + repository + "/tags/list?n=" + pageSize,
        repository,
        Access.PULL,
        registry + "/" + repository + " (tag list)",
        "tags");
  }

  /** Every repository the registry lists in its {@code _catalog}, following pagination. */
  public List<String> catalog() throws RegistryException {
    return catalog(DEFAULT_PAGE_SIZE);
  }

  List<String> catalog(int pageSize) throws RegistryException {
    return paginate(
        "/v2/_catalog?n=" + pageSize, null, Access.PULL, registry + " (catalog)", "repositories");
  }

  /** Whether the repository has the blob ({@code HEAD}). */
  public boolean blobExists(String repository, Digest digest) throws RegistryException {
    return blobExists(repository, digest, Access.PULL);
  }

  private boolean blobExists(String repository, Digest digest, Access access)
      throws RegistryException {
    String what = blobWhat(repository, digest);
    RegistryHttp.Call call = blobCall("HEAD", repository, digest, access, what);
    return http.exchange(
        call,
        (response, attempts) -> {
          RegistryErrors.readBounded(response);
          return switch (response.statusCode()) {
            case 200 -> true;
            case 404 -> false;
            default -> throw http.failure(response, call, attempts);
          };
        });
  }

  /**
   * Pushes a blob unless the repository already has it: in one request up to 8 MiB, in chunks
   * beyond. The content is checked against {@code digest} and {@code size} as it is sent.
   */
  public void pushBlob(String repository, Digest digest, long size, BlobContent content)
      throws RegistryException {
    Objects.requireNonNull(content, "content");
    if (size < 0) {
      throw new IllegalArgumentException("blob size cannot be negative: " + size);
    }
    if (blobExists(repository, digest, Access.PUSH)) {
      return;
    }
    uploader.upload(repository, digest, size, content, blobWhat(repository, digest));
  }

  /**
   * Asks the registry to link a blob it holds in {@code fromRepository} into {@code repository}
   * without uploading it. Returns false when the registry cannot (it then starts an ordinary
   * upload, which is cancelled here): push the blob instead.
   */
  public boolean mountBlob(String repository, Digest digest, String fromRepository)
      throws RegistryException {
    String what = blobWhat(repository, digest);
    RegistryHttp.Call call =
        new RegistryHttp.Call(
            "POST",
            http.base()
                .resolve(
                    "/v2/"
                        + repository
                        + "/blobs/uploads/?mount="
                        + digest
                        + "&from="
                        + fromRepository),
            List.of(),
            BodyPublishers.noBody(),
            List.of(scope(repository, Access.PUSH), scope(fromRepository, Access.PULL)),
            Access.PUSH,
            true,
            false,
            what,
            repository);
    URI started =
        http.exchange(
            call,
            (response, attempts) -> {
              int status = response.statusCode();
              if (status == 201) {
                RegistryErrors.readBounded(response);
                return null;
              }
              if (status == 202) {
                RegistryErrors.readBounded(response);
                return response
                    .headers()
                    .firstValue("Location")
                    .map(location -> call.uri().resolve(location))
                    .orElse(URI.create("about:none"));
              }
              throw http.failure(response, call, attempts);
            });
    if (started == null) {
      return true;
    }
    if (!"about".equals(started.getScheme())) {
      uploader.cancel(repository, started, what);
    }
    return false;
  }

  /**
   * Pushes a manifest under a tag or its digest; returns its digest. Every blob it refers to must
   * already be in the repository.
   */
  public Digest pushManifest(String repository, String tagOrDigest, byte[] bytes, String mediaType)
      throws RegistryException {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(mediaType, "mediaType");
    String what = manifestWhat(repository, tagOrDigest);
    Digest requested = requestedDigest(repository, tagOrDigest, what);
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw http.errors()
          .invalid(
              what,
              repository,
              "the manifest is " + bytes.length + " bytes; registries accept at most 4 MiB",
              null);
    }
    Digest digest =
        requested != null ? Digest.compute(requested.algorithm(), bytes) : Digest.sha256(bytes);
    if (requested != null && !requested.equals(digest)) {
      throw http.errors()
          .invalid(
              what,
              repository,
              "the manifest bytes hash to " + digest + ", not the digest to push them under",
              null);
    }
    RegistryHttp.Call call =
        call(
            "PUT",
            "/v2/" + repository + "/manifests/" + tagOrDigest,
            repository,
            Access.PUSH,
            what,
            List.of("Content-Type", mediaType),
            bytes);
    http.exchange(
        call,
        (response, attempts) -> {
          if (response.statusCode() != 201) {
            throw http.failure(response, call, attempts);
          }
          RegistryErrors.readBounded(response);
          Digest announced = headerDigest(response);
          if (announced != null
              && announced.algorithm() == digest.algorithm()
              && !announced.equals(digest)) {
            throw http.errors()
                .integrity(
                    what,
                    repository,
                    "the registry stored the manifest as "
                        + announced
                        + " but its bytes hash to "
                        + digest
                        + "; the registry rewrote it");
          }
          return null;
        });
    return digest;
  }

  /**
   * The manifests that refer to {@code subject} (signatures, attestations, SBOMs): from the
   * referrers API, or, where the registry has none (distribution 2.8), from the {@code <alg>-<hex>}
   * fallback tag. Empty when there are none.
   *
   * @param artifactTypeFilter only referrers of this artifact type; null for all
   * @see <a
   *     href="https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#listing-referrers">distribution-spec,
   *     listing referrers</a>
   */
  public ImageIndex referrers(String repository, Digest subject, String artifactTypeFilter)
      throws RegistryException {
    String what = registry + "/" + repository + "@" + subject + " (referrers)";
    String path =
        "/v2/"
            + repository
            + "/referrers/"
            + subject
            + (artifactTypeFilter == null
                ? ""
                : "?artifactType="
                    + java.net.URLEncoder.encode(
                        artifactTypeFilter, java.nio.charset.StandardCharsets.UTF_8));
    if (clock.instant().isBefore(referrersApiMissingUntil)) {
      return filter(fallbackIndex(repository, subject).index(), artifactTypeFilter);
    }
    RegistryHttp.Call call =
        call("GET", path, repository, Access.PULL, what, List.of("Accept", MediaTypes.OCI_INDEX));
    ImageIndex fromApi =
        http.exchange(
            call,
            (response, attempts) -> {
              int status = response.statusCode();
              // Registries without the API answer 404 (distribution 2.8: "404 page not found" in
              // text/plain) or, behind some proxies, something that is not an index; the spec
              // then says to use the tag schema.
              if (status == 404 || status == 405 || status == 400) {
                RegistryErrors.readBounded(response);
                // A registry with the API "MUST NOT return a 404" to it (distribution-spec
                // 1.1, listing referrers); 400 can be a bad request to one that has it.
                if (status != 400) {
                  referrersApiMissingUntil = clock.instant().plus(REFERRERS_API_RECHECK);
                }
                return null;
              }
              if (status != 200) {
                throw http.failure(response, call, attempts);
              }
              byte[] bytes = readManifestBody(response, what, repository);
              if (!MediaTypes.OCI_INDEX.equals(contentType(response))) {
                return null;
              }
              ImageIndex index = parseIndex(bytes, what, repository);
              if (index == null) {
                return null;
              }
              boolean filtered =
                  response.headers().allValues("OCI-Filters-Applied").stream()
                      .anyMatch(v -> v.contains("artifactType"));
              return filtered ? index : filter(index, artifactTypeFilter);
            });
    if (fromApi != null) {
      return fromApi;
    }
    return filter(fallbackIndex(repository, subject).index(), artifactTypeFilter);
  }

  /**
   * Adds {@code referrer} to the fallback index of {@code subject} (tag {@code <alg>-<hex>}), for
   * registries without the referrers API. Does nothing if it is listed already.
   *
   * <p>Read-modify-write without a lock: two concurrent writers can lose an entry, as with every
   * client of the tag schema (the spec accepts this; see "Pushing Manifests with Subject").
   */
  public void addReferrerToFallbackIndex(String repository, Digest subject, Descriptor referrer)
      throws RegistryException {
    Objects.requireNonNull(referrer, "referrer");
    Fallback current = fallbackIndex(repository, subject);
    for (Descriptor d : current.index().manifests()) {
      if (d.digest().equals(referrer.digest())) {
        return;
      }
    }
    ObjectNode root;
    if (current.bytes() != null) {
      try {
        root = (ObjectNode) JSON.readTree(current.bytes());
      } catch (IOException | ClassCastException e) {
        throw http.errors()
            .invalid(
                fallbackTag(subject),
                repository,
                "the referrers fallback index is not a JSON object",
                e);
      }
    } else {
      root = JSON.createObjectNode();
      root.put("schemaVersion", 2);
      root.put("mediaType", MediaTypes.OCI_INDEX);
      root.putArray("manifests");
    }
    JsonNode manifests = root.get("manifests");
    ArrayNode array = manifests instanceof ArrayNode a ? a : root.putArray("manifests");
    array.add(ManifestParser.toJson(referrer));
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise an index", e);
    }
    pushManifest(repository, fallbackTag(subject), bytes, MediaTypes.OCI_INDEX);
  }

  /** An {@link ImageSource} reading one repository of this registry through this client. */
  public ImageSource source(String repository) {
    return new RegistryImageSource(this, repository);
  }

  /** What this client has sent so far. */
  public RequestStats stats() {
    return http.stats();
  }

  /** Closes the connection pool. */
  @Override
  public void close() {
    http.close();
  }

  // ---------------------------------------------------------------------------------------------

  private record Fallback(ImageIndex index, byte[] bytes) {}

  private Fallback fallbackIndex(String repository, Digest subject) throws RegistryException {
    String tag = fallbackTag(subject);
    Optional<RawManifest> found = findManifest(repository, tag);
    if (found.isEmpty()) {
      return new Fallback(emptyIndex(), null);
    }
    RawManifest raw = found.get();
    String what = manifestWhat(repository, tag);
    ImageIndex index = parseIndex(raw.bytes(), what, repository);
    if (index == null) {
      throw http.errors()
          .invalid(
              what,
              repository,
              "the referrers fallback tag holds a manifest that is not an index; remove or"
                  + " re-create the tag",
              null);
    }
    return new Fallback(index, raw.bytes());
  }

  static String fallbackTag(Digest subject) {
    return subject.algorithm().label() + "-" + subject.hex();
  }

  private static ImageIndex emptyIndex() {
    byte[] bytes =
        ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new ImageIndex(
        MediaTypes.OCI_INDEX, Digest.sha256(bytes), bytes.length, List.of(), null, null, null);
  }

  private ImageIndex parseIndex(byte[] bytes, String what, String repository)
      throws RegistryException {
    Manifest parsed;
    try {
      parsed = ManifestParser.parse(bytes, MediaTypes.OCI_INDEX, Digest.sha256(bytes));
    } catch (ImageAccessException e) {
      throw http.errors().invalid(what, repository, e.getMessage(), e);
    }
    return parsed instanceof ImageIndex index ? index : null;
  }

  private static ImageIndex filter(ImageIndex index, String artifactType) {
    if (artifactType == null) {
      return index;
    }
    List<Descriptor> kept = new ArrayList<>();
    Set<Digest> seen = new HashSet<>();
    for (Descriptor d : index.manifests()) {
      if (artifactType.equals(d.artifactType()) && seen.add(d.digest())) {
        kept.add(d);
      }
    }
    return new ImageIndex(
        index.mediaType(),
        index.digest(),
        index.size(),
        kept,
        index.annotations(),
        index.subject(),
        index.artifactType());
  }

  private List<String> paginate(
      String firstPath, String repository, Access access, String what, String field)
      throws RegistryException {
    List<String> result = new ArrayList<>();
    Set<URI> visited = new HashSet<>();
    URI next = http.base().resolve(firstPath);
    String scope = repository == null ? "registry:catalog:*" : scope(repository, access);
    for (int page = 0; next != null; page++) {
      if (page >= MAX_PAGES || !visited.add(next)) {
        throw http.errors()
            .invalid(what, repository, "the registry's pagination does not end", null);
      }
      RegistryHttp.Call call =
          new RegistryHttp.Call(
              "GET",
              next,
              List.of("Accept", "application/json"),
              null,
              List.of(scope),
              access,
              true,
              false,
              what,
              repository);
      next =
          http.exchange(
              call,
              (response, attempts) -> {
                if (response.statusCode() != 200) {
                  throw http.failure(response, call, attempts);
                }
                byte[] bytes = readManifestBody(response, what, repository);
                JsonNode root;
                try {
                  root = JSON.readTree(bytes);
                } catch (IOException e) {
                  throw http.errors()
                      .invalid(what, repository, "the registry answered with malformed JSON", e);
                }
                JsonNode values = root == null ? null : root.get(field);
                if (values != null && values.isArray()) {
                  for (JsonNode v : values) {
                    if (v.isTextual()) {
                      result.add(v.asText());
                    }
                  }
                } else if (values != null && !values.isNull()) {
                  throw http.errors()
                      .invalid(
                          what, repository, "the registry's '" + field + "' is not a list", null);
                }
                return LinkHeader.next(response.headers().allValues("Link"))
                    .map(link -> call.uri().resolve(link))
                    .orElse(null);
              });
    }
    return result;
  }

  /** A GET or HEAD of a manifest, accepting every manifest type Provenant reads. */
  private RegistryHttp.Call manifestCall(
      String method, String repository, String tagOrDigest, String what) {
    return call(
        method,
        "/v2/" + repository + "/manifests/" + tagOrDigest,
        repository,
        Access.PULL,
        what,
        List.of("Accept", MANIFEST_ACCEPT));
  }

  /**
   * A GET or HEAD of a blob. Redirects are followed: registries commonly serve blobs from storage
   * elsewhere (S3, a CDN).
   */
  private RegistryHttp.Call blobCall(
      String method, String repository, Digest digest, Access access, String what) {
    return new RegistryHttp.Call(
        method,
        http.base().resolve("/v2/" + repository + "/blobs/" + digest),
        List.of(),
        null,
        List.of(scope(repository, access)),
        access,
        true,
        true,
        what,
        repository);
  }

  private RegistryHttp.Call call(
      String method,
      String path,
      String repository,
      Access access,
      String what,
      List<String> headers) {
    return call(method, path, repository, access, what, headers, null);
  }

  private RegistryHttp.Call call(
      String method,
      String path,
      String repository,
      Access access,
      String what,
      List<String> headers,
      byte[] body) {
    return new RegistryHttp.Call(
        method,
        http.base().resolve(path),
        headers,
        body == null ? null : BodyPublishers.ofByteArray(body),
        repository == null || access == Access.NONE
            ? List.of()
            : List.of(scope(repository, access)),
        access,
        true,
        false,
        what,
        repository);
  }

  static String scope(String repository, Access access) {
    return "repository:" + repository + ":" + access.actions();
  }

  private byte[] readManifestBody(HttpResponse<InputStream> response, String what, String repo)
      throws IOException, RegistryException {
    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (length > MAX_MANIFEST_BYTES) {
      RegistryErrors.readBounded(response);
      throw http.errors()
          .invalid(
              what,
              repo,
              "the registry's answer is " + length + " bytes, over the 4 MiB limit",
              null);
    }
    byte[] bytes;
    try (InputStream in = response.body()) {
      bytes = in.readNBytes((int) MAX_MANIFEST_BYTES + 1);
    }
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw http.errors()
          .invalid(what, repo, "the registry's answer is over the 4 MiB limit", null);
    }
    return bytes;
  }

  private Digest requestedDigest(String repository, String tagOrDigest, String what)
      throws RegistryException {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(tagOrDigest, "tagOrDigest");
    if (tagOrDigest.indexOf(':') < 0) {
      return null;
    }
    try {
      return Digest.parse(tagOrDigest);
    } catch (InvalidDigestException e) {
      throw http.errors().invalid(what, repository, e.getMessage(), e);
    }
  }

  private static Digest headerDigest(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Docker-Content-Digest")
        .map(
            value -> {
              try {
                return Digest.parse(value.trim());
              } catch (InvalidDigestException e) {
                return null;
              }
            })
        .orElse(null);
  }

  private static String contentType(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Content-Type")
        .map(
            value -> {
              int semicolon = value.indexOf(';');
              return (semicolon >= 0 ? value.substring(0, semicolon) : value).trim();
            })
        .orElse(null);
  }

  private String manifestWhat(String repository, String tagOrDigest) {
    return registry + "/" + repository + (tagOrDigest.indexOf(':') >= 0 ? "@" : ":") + tagOrDigest;
  }

  private String blobWhat(String repository, Digest digest) {
    return registry + "/" + repository + "@" + digest + " (blob)";
  }

  static String apiHost(String registry) {
    return registry.equals(ImageReference.DOCKER_HUB) ? "registry-1.docker.io" : registry;
  }
}
