package dev.provenant.policy;

import dev.provenant.core.reference.ImageReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Every policy loaded from a set of files, the settings that apply to all, and a revision that
 * changes whenever any of it (or a key file it names) changes: decisions are cached per revision.
 *
 * @param revision a {@code sha256:} digest over the loaded documents and the keys they reference
 * @param files every file read to make the set: the policy files and each key file (including
 *     {@code PolicySettings.trustedKeys}), absolute; a server watches them all
 */
public record PolicySet(
    List<ImagePolicy> policies, UnmatchedImages unmatched, String revision, List<Path> files) {
  public PolicySet {
    policies = List.copyOf(policies);
    files = List.copyOf(files);
    Objects.requireNonNull(unmatched, "unmatched");
    Objects.requireNonNull(revision, "revision");
  }

  /** The policies that govern {@code image} in {@code namespace} (null outside admission). */
  public List<ImagePolicy> matching(ImageReference image, String namespace) {
    return policies.stream().filter(p -> p.match().matches(image, namespace)).toList();
  }
}
