package dev.convolens.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimestampParsingTest {

    @Test
    void theUsualShapesAreReadExactly() {
        assertThat(EventValidator.parseTimestamp("2026-11-21T10:15:30Z")).isEqualTo(Instant.parse("2026-11-21T10:15:30Z"));
        assertThat(EventValidator.parseTimestamp("2026-11-21T10:15:30.5Z"))
                .isEqualTo(Instant.parse("2026-11-21T10:15:30.500Z"));
        assertThat(EventValidator.parseTimestamp("2026-11-21T10:15:30.123456789Z"))
                .isEqualTo(Instant.ofEpochSecond(Instant.parse("2026-11-21T10:15:30Z").getEpochSecond(), 123_456_789));
        // 10:15:30 at +05:30 is 04:45:30 UTC; at -03:00 it is 13:15:30 UTC
        assertThat(EventValidator.parseTimestamp("2026-11-21T10:15:30.250+05:30"))
                .isEqualTo(Instant.parse("2026-11-21T04:45:30.250Z"));
        assertThat(EventValidator.parseTimestamp("2026-11-21T10:15:30-03:00")).isEqualTo(Instant.parse("2026-11-21T13:15:30Z"));
        assertThat(EventValidator.parseTimestamp("2024-02-29T23:59:59.999999Z"))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.999999Z"));
    }

    @Test
    void shapesTheIsoFormatterWouldGuessAtAreRefused() {
        for (String input : List.of("2026-11-21T10:15:30.Z", "2026-11-21T10:15:13.z", "2026-11-21T10:15:30+00",
                "2026-11-21T10:15:30+0100", "2026-11-21T10:15:30-05", "+12026-11-21T10:15:30Z")) {
            assertThatThrownBy(() -> EventValidator.parseTimestamp(input)).as(input)
                    .isInstanceOf(DateTimeParseException.class);
        }
        assertThat(EventValidator.parseTimestamp("2026-11-21T10:15+01:00")).isEqualTo(Instant.parse("2026-11-21T09:15:00Z"));
        assertThat(EventValidator.parseTimestamp("2026-11-21T10:15:30+01:00:30"))
                .isEqualTo(Instant.parse("2026-11-21T09:15:00Z"));
    }

    @Test
    void everythingElseIsReadOrRefusedExactlyAsTheIsoFormatterDoes() {
        List<String> inputs = List.of("2026-11-21T10:15Z", "2026-11-21t10:15:30z",
                "2026-11-21T10:15:30.1234567891Z", "2026-11-21T10:15:30+01:00:30",
                "2026-11-21T10:15:30+18:00", "2026-11-21T10:15:30+18:30", "2026-11-21T10:15:30-00:00",
                "2026-02-30T10:15:30Z", "2026-11-21T24:00:00Z", "2026-11-21T10:60:00Z", "2026-11-21T10:15:60Z",
                "2026-13-01T10:15:30Z", "2026-11-21 10:15:30Z", "2026-11-21T10:15:30", "2026-11-21T10:15:30.12a4Z",
                "2026-11-21T1٠:15:30Z", "2026-11-21T10:15:30.١Z", "2026-11-21T10:15:30ZZ",
                "2026-11-21T10:15:30.000+00:00", "0000-01-01T00:00:00Z", "2026-11-21T10:15:30.12345678+01:00");
        for (String input : inputs) {
            Instant expected;
            try {
                expected = OffsetDateTime.parse(input, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> EventValidator.parseTimestamp(input)).as(input)
                        .isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(EventValidator.parseTimestamp(input)).as(input).isEqualTo(expected);
        }
    }
}
