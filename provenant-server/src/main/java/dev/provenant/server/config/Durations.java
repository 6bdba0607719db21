package dev.provenant.server.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as people write them in flags: {@code 9s}, {@code 500ms}, {@code 5m}, {@code
 * PT9S}.
 */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Durations() {}

  public static Duration parse(String text) {
    String value = text.strip();
    Matcher matcher = SHORT.matcher(value);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write it as 500ms, 9s, 5m, 1h or PT9S");
    }
  }

  /** {@code 9s}, {@code 500ms}: the short form, for messages. */
  public static String format(Duration duration) {
    if (duration.toMillis() % 1000 != 0) {
      return duration.toMillis() + "ms";
    }
    return duration.toSeconds() + "s";
  }
}
