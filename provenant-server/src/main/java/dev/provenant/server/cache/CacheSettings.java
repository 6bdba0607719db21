package dev.provenant.server.cache;

import java.time.Duration;

/**
 * How long cached results live.
 *
 * @param resolve tag-to-digest resolutions (a tag can move, so briefly)
 * @param evidence evidence that satisfied its policy (it depends only on the digest and policy)
 * @param negative evidence that failed to be gathered or did not satisfy its policy: kept briefly
 *     so that an image signed a moment later is admitted soon after
 */
public record CacheSettings(Duration resolve, Duration evidence, Duration negative) {}
