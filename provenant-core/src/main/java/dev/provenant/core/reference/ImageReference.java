package dev.provenant.core.reference;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.InvalidDigestException;
import java.util.Objects;
import java.util.Optional;

/**
 * A fully qualified reference to an image in a registry: {@code
 * registry/repository[:tag][@digest]}.
 *
 * <p>Parsing follows the distribution reference grammar and Docker's normalisation: a first path
 * component without a dot or colon that is not {@code localhost} is part of the repository on
 * Docker Hub ({@code alpine} is {@code docker.io/library/alpine:latest}); {@code index.docker.io}
 * is the same registry as {@code docker.io}; a reference with neither tag nor digest means the tag
 * {@code latest}.
 *
 * @see <a href="https://github.com/distribution/reference/blob/main/reference.go">the distribution
 *     reference grammar</a>
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {

  /** The registry name that Docker Hub references normalise to. */
  public static final String DOCKER_HUB = "docker.io";

  /** The tag that a reference with neither tag nor digest means. */
  public static final String DEFAULT_TAG = "latest";

  private static final String DOCKER_HUB_LEGACY = "index.docker.io";
  private static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";
  private static final int MAX_NAME_LENGTH = 255;

  /** Checks each part against the grammar; either {@code tag} or {@code digest} may be null. */
  public ImageReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (tag == null && digest == null) {
      throw new IllegalArgumentException("an image reference needs a tag or a digest");
    }
    String problem = ReferenceGrammar.registryProblem(registry);
    if (problem == null) {
      problem = ReferenceGrammar.repositoryProblem(repository);
    }
    if (problem == null && tag != null) {
      problem = ReferenceGrammar.tagProblem(tag);
    }
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * Parses and normalises a reference as {@code docker pull} would read it.
   *
   * @throws InvalidReferenceException naming the offending character or part
   */
  public static ImageReference parse(String text) throws InvalidReferenceException {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new InvalidReferenceException(text, "the reference is empty");
    }
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      try {
        digest = Digest.parse(rest.substring(at + 1));
      } catch (InvalidDigestException e) {
        throw new InvalidReferenceException(text, e.getMessage());
      }
      rest = rest.substring(0, at);
    }
    String tag = null;
    int lastColon = rest.lastIndexOf(':');
    if (lastColon >= 0 && rest.indexOf('/', lastColon) < 0) {
      // A colon after the last slash is a tag separator; one before it belongs to a port.
      // An IPv6 literal with no path ("[::1]") would end in ']' and reach here: refuse it in the
      // grammar check below rather than reading part of the address as a tag.
      if (!rest.endsWith("]")) {
        tag = rest.substring(lastColon + 1);
        rest = rest.substring(0, lastColon);
        String tagProblem = ReferenceGrammar.tagProblem(tag);
        if (tagProblem != null) {
          throw new InvalidReferenceException(text, tagProblem);
        }
      }
    }
    String registry;
    String repository;
    int slash = rest.indexOf('/');
    String first = slash < 0 ? rest : rest.substring(0, slash);
    if (slash < 0 || !looksLikeRegistry(first)) {
      registry = DOCKER_HUB;
      repository = rest;
    } else {
      registry = first;
      repository = rest.substring(slash + 1);
      String registryProblem = ReferenceGrammar.registryProblem(registry);
      if (registryProblem != null) {
        throw new InvalidReferenceException(text, registryProblem);
      }
    }
    if (registry.equals(DOCKER_HUB_LEGACY)) {
      registry = DOCKER_HUB;
    }
    String repositoryProblem = ReferenceGrammar.repositoryProblem(repository);
    if (repositoryProblem != null) {
      throw new InvalidReferenceException(text, repositoryProblem);
    }
    if (registry.equals(DOCKER_HUB) && repository.indexOf('/') < 0) {
      repository = "library/" + repository;
    }
    int nameLength = registry.length() + 1 + repository.length();
    if (nameLength > MAX_NAME_LENGTH) {
      throw new InvalidReferenceException(
          text,
          "the name is "
              + nameLength
              + " characters long; at most "
              + MAX_NAME_LENGTH
              + " allowed");
    }
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
    return new ImageReference(registry, repository, tag, digest);
  }

  /** Docker's rule: a first component is a registry if it has a dot or a colon, or is localhost. */
  private static boolean looksLikeRegistry(String first) {
    return first.indexOf('.') >= 0
        || first.indexOf(':') >= 0
        || first.startsWith("[")
        || first.equals("localhost");
  }

  /** The tag, if the reference names one. */
  public Optional<String> optionalTag() {
    return Optional.ofNullable(tag);
  }

  /** The digest, if the reference pins one. */
  public Optional<Digest> optionalDigest() {
    return Optional.ofNullable(digest);
  }

  /**
   * What to ask the registry for: the digest when there is one (a digest wins over a tag, as in
   * Docker), otherwise the tag.
   */
  public String manifestReference() {
    return digest != null ? digest.toString() : tag;
  }

  /** The same image pinned to {@code newDigest}, keeping the tag for display. */
  public ImageReference withDigest(Digest newDigest) {
    return new ImageReference(registry, repository, tag, newDigest);
  }

  /** The same repository at {@code newTag}, without a digest. */
  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, repository, newTag, null);
  }

  /** The same repository, pinned only by digest. */
  public ImageReference digestOnly(Digest newDigest) {
    return new ImageReference(registry, repository, null, newDigest);
  }

  /** {@code registry/repository}, with no tag or digest. */
  public String name() {
    return registry + "/" + repository;
  }

  /** The host (and port) to send Distribution API requests to. */
  public String apiHost() {
    return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API_HOST : registry;
  }

  /**
   * Whether the registry is {@code localhost} or a loopback address, which Docker lets use HTTP.
   */
  public boolean isLoopbackRegistry() {
    String host = registry;
    if (host.startsWith("[")) {
      host = host.substring(0, host.indexOf(']') + 1);
    } else if (host.indexOf(':') >= 0) {
      host = host.substring(0, host.indexOf(':'));
    }
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  /** The short form Docker prints: {@code alpine:latest} for {@code docker.io/library/...}. */
  public String familiar() {
    String name;
    String firstComponent = repository.substring(0, Math.max(0, repository.indexOf('/')));
    if (registry.equals(DOCKER_HUB) && !looksLikeRegistry(firstComponent)) {
      // Docker prints docker.io/a.b/c as "a.b/c", which then parses as registry a.b; keep the
      // registry whenever dropping it would change the meaning.
      name = repository.startsWith("library/") ? repository.substring(8) : repository;
    } else {
      name = name();
    }
    return name + suffix();
  }

  /** The canonical, fully qualified form: {@code docker.io/library/alpine:latest}. */
  @Override
  public String toString() {
    return name() + suffix();
  }

  private String suffix() {
    return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }
}
