package dev.provenant.core.tag;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a tag is mutable: one that CI is expected to move to new builds ({@code latest},
 * {@code main}, {@code nightly}…), as opposed to a release or commit tag that should never move.
 *
 * <p>The runtime checks use it to tell a post-deployment tag update (expected drift on a mutable
 * tag) from a digest mismatch (an immutable tag that now names other content). The default list is
 * the one the runtime-integrity specification names; matching ignores case.
 */
public final class MutableTagRule {

  /** The tags treated as mutable unless configured otherwise. */
  public static final List<String> DEFAULT_MUTABLE_TAGS =
      List.of(
          "latest",
          "main",
          "master",
          "dev",
          "develop",
          "development",
          "staging",
          "stage",
          "stable",
          "nightly",
          "edge",
          "canary",
          "alpha",
          "beta",
          "rc",
          "snapshot",
          "head");

  private static final MutableTagRule DEFAULT = new MutableTagRule(DEFAULT_MUTABLE_TAGS);

  private final Set<String> mutableTags;

  /** A rule that treats exactly {@code mutableTags} (any case) as mutable. */
  public MutableTagRule(Collection<String> mutableTags) {
    this.mutableTags =
        mutableTags.stream()
            .map(tag -> tag.trim().toLowerCase(Locale.ROOT))
            .filter(tag -> !tag.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  /** The rule with {@link #DEFAULT_MUTABLE_TAGS}. */
  public static MutableTagRule defaults() {
    return DEFAULT;
  }

  /** Whether {@code tag} is expected to move; every tag not on the list is immutable. */
  public boolean isMutable(String tag) {
    return tag != null && mutableTags.contains(tag.toLowerCase(Locale.ROOT));
  }

  /** The configured tags, lowercase. */
  public Set<String> mutableTags() {
    return mutableTags;
  }
}
