package dev.provenant.oci.registry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before repeating a request that failed transiently: exponential backoff with
 * jitter, or the registry's own {@code Retry-After} (RFC 9110 section 10.2.3: seconds or an
 * HTTP-date) when it sends one, never more than {@link #MAX_DELAY}.
 */
record RetryPolicy(int maxAttempts, Duration baseDelay) {
  static final Duration MAX_DELAY = Duration.ofSeconds(30);

  RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (baseDelay.isNegative()) {
      throw new IllegalArgumentException("retry base delay cannot be negative: " + baseDelay);
    }
  }

  /**
   * The wait before attempt {@code attempt + 1}, after attempt {@code attempt} (1-based) failed.
   */
  Duration delay(int attempt, String retryAfter, Instant now) {
    Optional<Duration> asked = parseRetryAfter(retryAfter, now);
    if (asked.isPresent()) {
      return min(asked.get(), MAX_DELAY);
    }
    long base = baseDelay.toMillis();
    long exponential = base << Math.min(attempt - 1, 20);
    long jitter = base == 0 ? 0 : ThreadLocalRandom.current().nextLong(base + 1);
    return min(Duration.ofMillis(exponential + jitter), MAX_DELAY);
  }

  static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.trim();
    try {
      long seconds = Long.parseLong(text);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
