package dev.provenant.server.policies;

import dev.provenant.policy.PolicyException;
import dev.provenant.policy.PolicySet;
import java.nio.file.Path;
import java.util.List;

/** Loads the policy set from its files; the server's default is the policy module's loader. */
@FunctionalInterface
public interface PolicyLoading {
  PolicySet load(List<Path> paths) throws PolicyException;
}
