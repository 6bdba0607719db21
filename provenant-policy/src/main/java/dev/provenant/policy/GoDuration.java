package dev.provenant.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration} syntax, as Kubernetes users write it: a sequence of decimal
 * numbers with units ({@code 720h}, {@code 1h30m}, {@code 1.5h}, {@code 45s}). Only positive
 * durations: a policy's maximum age of zero or less would deny everything.
 */
final class GoDuration {
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?)(ns|us|µs|ms|s|m|h)");
  private static final Map<String, BigDecimal> NANOS_PER_UNIT =
      Map.of(
          "ns", BigDecimal.ONE,
          "us", BigDecimal.valueOf(1_000L),
          "µs", BigDecimal.valueOf(1_000L),
          "ms", BigDecimal.valueOf(1_000_000L),
          "s", BigDecimal.valueOf(1_000_000_000L),
          "m", BigDecimal.valueOf(60_000_000_000L),
          "h", BigDecimal.valueOf(3_600_000_000_000L));
  private static final BigDecimal LONGEST = BigDecimal.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  /**
   * @throws IllegalArgumentException saying why {@code text} is not a positive duration
   */
  static Duration parse(String text) {
    Matcher part = PART.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    int end = 0;
    while (part.find() && part.start() == end) {
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(NANOS_PER_UNIT.get(part.group(2))));
      end = part.end();
    }
    if (end == 0 || end != text.length()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a Go duration such as 720h, 30m, 1h30m or 45s");
    }
    if (nanos.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("'" + text + "' is longer than about 292 years");
    }
    long whole = nanos.longValue();
    if (whole <= 0) {
      throw new IllegalArgumentException("'" + text + "' must be longer than zero");
    }
    return Duration.ofNanos(whole);
  }
}
