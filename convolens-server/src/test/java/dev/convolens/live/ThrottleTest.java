package dev.convolens.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThrottleTest {
    final Throttle throttle = new Throttle(1_000);

    @Test
    void theFirstChangePushesAtOnce() {
        assertThat(throttle.changed(5_000)).isZero();
    }

    @Test
    void changesWithinTheGapWaitForItAndRideAlongWithOnePush() {
        throttle.changed(10_000);
        throttle.pushed(10_000);

        assertThat(throttle.changed(10_200)).isEqualTo(800);
        assertThat(throttle.changed(10_500)).isEqualTo(Throttle.ALREADY_WAITING);
        assertThat(throttle.changed(10_999)).isEqualTo(Throttle.ALREADY_WAITING);
        throttle.pushed(11_000);
        assertThat(throttle.changed(11_000)).isEqualTo(1_000);
    }

    @Test
    void aChangeAfterAQuietGapPushesAtOnce() {
        throttle.pushed(10_000);

        assertThat(throttle.changed(11_000)).isZero();
        throttle.pushed(11_000);
        assertThat(throttle.changed(60_000)).isZero();
    }
}
