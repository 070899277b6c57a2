package dev.convolens.report;

import dev.convolens.support.Http;
import dev.convolens.support.TestTenant;
import java.time.LocalDate;

/** The hand-built week of {@link ReportFixture}, for tests in other packages. */
public final class ReportFixtureAccess {
    private ReportFixtureAccess() {}

    public static LocalDate lastCompleteWeek(LocalDate today) {
        return ReportFixture.lastCompleteWeek(today);
    }

    public static void load(Http http, TestTenant tenant, LocalDate monday) {
        ReportFixture.load(http, tenant, monday);
    }
}
