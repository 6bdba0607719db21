package dev.provenant.server.policies;

import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.policy.PolicyException;
import dev.provenant.policy.PolicySet;
import dev.provenant.policy.engine.PolicyEngine;
import dev.provenant.policy.engine.RegistryClients;
import dev.provenant.server.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Holds the policy set in force and reloads it when a policy file, or a key file a policy names,
 * changes. A reload that fails keeps the previous policies (an admission webhook must not lose its
 * policies to a typo) and records the problems for {@code /readyz}.
 */
public final class PolicyStore {
  private static final Logger LOG = Logger.getLogger(PolicyStore.class.getName());

  private final List<Path> paths;
  private final PolicyLoading loader;
  private final RegistryClients registries;
  private final TrustedRootSource trust;
  private final Clock clock;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  private volatile LoadedPolicies current;
  private volatile String problem;
  private volatile FileFingerprint fingerprint = new FileFingerprint(java.util.Map.of());
  private TrustedRoot trustedRoot;
  private FileFingerprint rootFingerprint;

  public PolicyStore(
      List<Path> paths,
      PolicyLoading loader,
      RegistryClients registries,
      TrustedRootSource trust,
      Clock clock) {
    this.paths = List.copyOf(paths);
    this.loader = Objects.requireNonNull(loader, "loader");
    this.registries = registries;
    this.trust = Objects.requireNonNull(trust, "trust");
    this.clock = clock;
  }

  /** Runs {@code listener} after every successful reload that changed the revision. */
  public void onReload(Runnable listener) {
    listeners.add(listener);
  }

  public Optional<LoadedPolicies> current() {
    return Optional.ofNullable(current);
  }

  /** Why the last load failed, when it did (the previous policies, if any, stay in force). */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /** Loads the policies if any watched file changed since the last attempt; true if it did. */
  public synchronized boolean reloadIfChanged() {
    FileFingerprint now = FileFingerprint.of(watched());
    if (now.equals(fingerprint)) {
      return false;
    }
    load();
    // The stamps taken before the files were read, not after: a file rewritten while (or just
    // after) it was read must differ at the next check, or that rewrite would never be loaded.
    // Key files that the new policies name for the first time are not among them, so the next
    // check loads once more (the same revision: nothing is invalidated) and stamps them too.
    fingerprint = now;
    return true;
  }

  /** Loads the policies (and the trusted root, when its file changed) now. */
  public synchronized void load() {
    FileFingerprint rootNow = FileFingerprint.of(trust.file().stream().toList());
    boolean rootChanged = trustedRoot == null || !rootNow.equals(rootFingerprint);
    TrustedRoot root = trustedRoot;
    String rootProblem = null;
    if (rootChanged) {
      try {
        root = trust.load();
      } catch (ConfigException | RuntimeException e) {
        rootProblem = "the trusted root cannot be loaded: " + e.getMessage();
        if (root == null) {
          fail(rootProblem);
          return;
        }
        // The previous root stays in force; the policies still reload, so that a revoked key
        // or a tightened policy is not held back by a broken root file.
        rootChanged = false;
        rootNow = rootFingerprint;
      }
    }
    PolicySet read;
    try {
      read = loader.load(policyFiles(paths));
    } catch (PolicyException e) {
      fail("the policies cannot be loaded: " + e.getMessage());
      return;
    } catch (RuntimeException e) {
      fail("the policies cannot be loaded: " + e);
      return;
    }
    if (rootProblem != null) {
      fail(rootProblem);
    } else {
      problem = null;
    }
    // The revision the caches are keyed by covers the trusted root too: a request still holding
    // the previous engine stores what it verified under the previous revision, never the new one.
    PolicySet loaded = withTrust(read, rootNow);
    LoadedPolicies previous = current;
    if (previous != null && previous.revision().equals(loaded.revision())) {
      return;
    }
    trustedRoot = root;
    rootFingerprint = rootNow;
    current =
        new LoadedPolicies(
            loaded, new PolicyEngine(loaded, registries, root, clock), clock.instant());
    LOG.info(
        () ->
            "loaded "
                + loaded.policies().size()
                + " policies, revision "
                + loaded.revision()
                + " from "
                + paths);
    listeners.forEach(Runnable::run);
  }

  /** {@code set} with a revision that also changes when the trusted root file does. */
  private PolicySet withTrust(PolicySet set, FileFingerprint root) {
    if (trust.file().isEmpty()) {
      return set;
    }
    java.security.MessageDigest sha256 =
        dev.provenant.core.digest.DigestAlgorithm.SHA256.newMessageDigest();
    sha256.update(set.revision().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    sha256.update(root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String revision =
        dev.provenant.core.digest.Digest.of(
                dev.provenant.core.digest.DigestAlgorithm.SHA256, sha256.digest())
            .toString();
    return new PolicySet(set.policies(), set.unmatched(), revision, set.files());
  }

  private void fail(String why) {
    if (!why.equals(problem)) {
      LOG.log(
          Level.WARNING,
          why + (current == null ? "" : " (keeping revision " + current.revision() + ")"));
    }
    problem = why;
  }

  /**
   * The files to load: each file given, and the {@code .yaml} and {@code .yml} files directly in
   * each directory given (a mounted ConfigMap), in name order.
   */
  static List<Path> policyFiles(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (java.util.stream.Stream<Path> children = Files.list(path)) {
          children
              .filter(Files::isRegularFile)
              .filter(
                  f -> {
                    String name = f.getFileName().toString();
                    // Kubernetes mounts ConfigMap keys as ..data symlinks; hidden entries are its
                    // bookkeeping.
                    return !name.startsWith(".")
                        && (name.endsWith(".yaml") || name.endsWith(".yml"));
                  })
              .sorted()
              .forEach(files::add);
        } catch (java.io.IOException e) {
          files.add(path);
        }
      } else {
        files.add(path);
      }
    }
    return files;
  }

  /**
   * The policy files and directories, and every file the loaded set was read from: the policy files
   * and each key file, those of {@code PolicySettings.trustedKeys} included, so that a rotated or
   * revoked key takes effect at the next check.
   */
  private List<Path> watched() {
    List<Path> files = new ArrayList<>(paths);
    trust.file().ifPresent(files::add);
    LoadedPolicies loaded = current;
    if (loaded != null) {
      files.addAll(loaded.policies().files());
    }
    return files;
  }
}
