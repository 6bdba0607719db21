package dev.provenant.policy.evaluation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs authorities with the signers that count for them so that each signer counts once: k of n
 * means k signers, not one signer that several authorities' patterns happen to accept (two keyless
 * entries whose subjects overlap), nor one signature copied into several places. Among the possible
 * pairings it finds one that satisfies the most authorities (a maximum bipartite matching, by
 * augmenting paths; n and the number of signers are small).
 */
final class DistinctSignatures {
  private DistinctSignatures() {}

  /**
   * @param candidates for each authority, in policy order, the signers it accepts
   * @return the authorities that could be given a signer of their own, each with that signer
   */
  static Map<String, String> pair(Map<String, List<String>> candidates) {
    Map<String, String> authorityOf = new HashMap<>();
    for (String authority : candidates.keySet()) {
      augment(authority, candidates, authorityOf, new HashSet<>());
    }
    Map<String, String> signatureOf = new LinkedHashMap<>();
    for (String authority : candidates.keySet()) {
      authorityOf.entrySet().stream()
          .filter(e -> e.getValue().equals(authority))
          .findFirst()
          .ifPresent(e -> signatureOf.put(authority, e.getKey()));
    }
    return signatureOf;
  }

  private static boolean augment(
      String authority,
      Map<String, List<String>> candidates,
      Map<String, String> authorityOf,
      Set<String> visited) {
    for (String signature : candidates.get(authority)) {
      if (!visited.add(signature)) {
        continue;
      }
      String holder = authorityOf.get(signature);
      if (holder == null || augment(holder, candidates, authorityOf, visited)) {
        authorityOf.put(signature, authority);
        return true;
      }
    }
    return false;
  }
}
