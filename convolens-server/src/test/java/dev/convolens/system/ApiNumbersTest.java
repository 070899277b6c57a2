package dev.convolens.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiNumbersTest {
    @Test
    void millisecondsAreWholeFractionsHaveFourDecimalsPercentsTwoAndDollarsSix() {
        assertThat(ApiNumbers.whole(7979.399999999998)).isEqualTo(7979L);
        assertThat(ApiNumbers.whole(7979.5)).isEqualTo(7980L);
        assertThat(ApiNumbers.fraction(1 / 3.0)).isEqualTo(0.3333);
        assertThat(ApiNumbers.fraction(2 / 3.0)).isEqualTo(0.6667);
        assertThat(ApiNumbers.percent((93.0 - 97.8) / 97.8 * 100)).isEqualTo(-4.91);
        assertThat(ApiNumbers.usd(0.1 + 0.2)).isEqualTo(0.3);
        assertThat(ApiNumbers.usd(0.0000125)).isEqualTo(0.000013);
        assertThat(ApiNumbers.fraction(null)).isNull();
    }

    @Test
    void catalogValuesAreRoundedByTheirUnit() {
        assertThat(ApiNumbers.of("ms", 3500.4)).isEqualTo(3500L);
        assertThat(ApiNumbers.of("count", 12.0)).isEqualTo(12L);
        assertThat(ApiNumbers.of("ratio", 0.123456)).isEqualTo(0.1235);
        assertThat(ApiNumbers.of("percent", 66.666666)).isEqualTo(66.67);
        assertThat(ApiNumbers.of("rating", 4.333333)).isEqualTo(4.33);
        assertThat(ApiNumbers.of("usd", 1.23456789)).isEqualTo(1.234568);
    }
}
