package dev.provenant.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {
  @Test
  void goSyntaxParses() {
    assertThat(GoDuration.parse("720h")).isEqualTo(Duration.ofHours(720));
    assertThat(GoDuration.parse("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("2s500ms")).isEqualTo(Duration.ofMillis(2500));
    assertThat(GoDuration.parse("1µs")).isEqualTo(Duration.ofNanos(1000));
  }

  @Test
  void otherTextIsRefused() {
    for (String text : new String[] {"", "7d", "h", "1h 30m", "-1h", "30", "1h30", "0s"}) {
      assertThatIllegalArgumentException().as(text).isThrownBy(() -> GoDuration.parse(text));
    }
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GoDuration.parse("9999999999h"))
        .withMessageContaining("292 years");
  }
}
