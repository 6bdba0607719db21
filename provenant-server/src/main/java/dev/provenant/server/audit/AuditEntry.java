package dev.provenant.server.audit;

import java.time.Instant;
import java.util.List;

/**
 * One image decision as the audit log records it. It holds no user information, no object content
 * and no credentials: only what was decided about which image, for which workload.
 *
 * @param endpoint {@code validate} or {@code mutate}
 * @param containers the containers that use the image
 * @param digest the resolved digest, or null when it could not be resolved
 * @param decision {@code allowed}, {@code warned} or {@code denied}
 * @param failedRules {@code policy/rule: found} for each failed rule
 * @param excluded {@code policy: entry} for each policy that excluded the image
 * @param dryRun whether the API server will not persist the object
 */
public record AuditEntry(
    Instant time,
    String endpoint,
    String uid,
    String namespace,
    String kind,
    String name,
    String operation,
    List<String> containers,
    String image,
    String digest,
    String decision,
    String reason,
    List<String> failedRules,
    List<String> excluded,
    boolean dryRun) {}
