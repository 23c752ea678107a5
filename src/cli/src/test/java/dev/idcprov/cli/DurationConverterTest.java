package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  @ParameterizedTest
  @CsvSource({
      "PT10M, 600000",
      "pt1.5s, 1500",
      "10m, 600000",
      "90s, 90000",
      "500ms, 500",
      "1.5s, 1500",
      "2h, 7200000",
      "1d, 86400000",
      "1h30m, 5400000",
      "1m30s, 90000",
      "0s, 0",
      "' 15m ', 900000"})
  void acceptedForms_convertToTheSameDuration(String text, long millis) {
    assertThat(DurationConverter.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10x", "ten minutes", "PT", "m10", "1.s", "10 m", "-5s"})
  void malformedText_isRejectedSayingWhatIsAllowed(String text) {
    assertThatThrownBy(() -> DurationConverter.parse(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining(text.trim());
  }

  @ParameterizedTest
  @ValueSource(strings = {"10x", "ten minutes"})
  void malformedText_messageListsTheAllowedForms(String text) {
    assertThatThrownBy(() -> DurationConverter.parse(text))
        .hasMessageContaining("ISO-8601 such as PT10M").hasMessageContaining("500ms, 90s, 10m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "1.5"})
  void numberWithoutUnit_isRejectedAskingForAUnit(String text) {
    assertThatThrownBy(() -> DurationConverter.parse(text)).hasMessageContaining("a unit is required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-PT5S", "PT-5S"})
  void negativeIsoDuration_isRejected(String text) {
    assertThatThrownBy(() -> DurationConverter.parse(text)).hasMessageContaining("negative");
  }
}
