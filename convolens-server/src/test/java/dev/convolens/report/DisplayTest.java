package dev.convolens.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayTest {
    @Test
    void durationsAreWrittenAsOnTheDashboard() {
        assertThat(Display.duration(850)).isEqualTo("850 ms");
        assertThat(Display.duration(4_200)).isEqualTo("4.2 s");
        assertThat(Display.duration(9_949)).isEqualTo("9.9 s");
        assertThat(Display.duration(9_950)).isEqualTo("10 s");
        assertThat(Display.duration(15_000)).isEqualTo("15 s");
        assertThat(Display.duration(59_499)).isEqualTo("59 s");
        assertThat(Display.duration(59_500)).isEqualTo("1 min 00 s");
        assertThat(Display.duration(65_000)).isEqualTo("1 min 05 s");
        assertThat(Display.duration(3_599_499)).isEqualTo("59 min 59 s");
        assertThat(Display.duration(3_599_500)).isEqualTo("1 h 00 min");
        assertThat(Display.duration(7_500_000)).isEqualTo("2 h 05 min");
        assertThat(Display.duration(-65_000)).isEqualTo("-1 min 05 s");
    }
}
