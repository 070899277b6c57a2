package dev.convolens.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.convolens.facts.FactsUpdater;
import dev.convolens.report.Report;
import dev.convolens.report.ReportFormat;
import dev.convolens.report.ReportPeriod;
import dev.convolens.report.ReportRenderers;
import dev.convolens.report.ReportService;
import dev.convolens.report.Section;
import dev.convolens.schedule.ScheduleRunner;
import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import dev.convolens.support.TestTenants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The figures of BENCHMARKS.md's "Reports" section. Runs only with {@code -Dconvolens.bench=reports} (see there for
 * the command): it ingests a few million synthetic events, so it is no part of the test suite. Results are printed
 * and appended to {@code target/report-benchmark.txt}.
 */
@Import(ReportsBenchmark.Beans.class)
class ReportsBenchmark extends ServerTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final int SMTP_PORT = ReportDeliveryTest.freePort();
    static final Path OUT = Path.of("target", "report-benchmark.txt");

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        @Primary
        SettableClock benchClock() {
            return new SettableClock(Instant.now());
        }
    }

    @Autowired
    SettableClock clock;
    @Autowired
    FactsUpdater facts;
    @Autowired
    ReportService reports;
    @Autowired
    ReportRenderers renderers;
    @Autowired
    ScheduleRunner runner;

    static void requireBenchmark() {
        assumeTrue("reports".equals(System.getProperty("convolens.bench")), "benchmark: run with -Dconvolens.bench=reports");
    }

    @Test
    @Timeout(value = 60, unit = java.util.concurrent.TimeUnit.MINUTES)
    void oneTenantsMonthlyPdfAndWorkbook() throws Exception {
        requireBenchmark();
        clock.set(Instant.now());
        YearMonth month = YearMonth.from(LocalDate.now(BERLIN)).minusMonths(1);
        int perDay = Integer.getInteger("convolens.bench.conversations-per-day", 1500);
        TestTenant t = newTenant("Europe/Berlin", "ingest", "read");
        LocalDate first = month.minusMonths(1).atDay(1);
        int days = (int) java.time.temporal.ChronoUnit.DAYS.between(first, month.atEndOfMonth()) + 1;
        long started = System.nanoTime();
        long events = ingest(t, new BenchTraffic(7).days(first, days, BERLIN, perDay, "m", 5_000));
        long ingestMs = millisSince(started);
        started = System.nanoTime();
        facts.flush();
        long factsMs = millisSince(started);
        log("monthly: %s and the month before, %d conversations/day, %,d events stored in %,d ms, facts in %,d ms (load %s)",
                month, perDay, events, ingestMs, factsMs, load());

        ReportPeriod period = ReportPeriod.month(month, BERLIN);
        List<Long> read = new ArrayList<>(), pdf = new ArrayList<>(), xlsx = new ArrayList<>(), http = new ArrayList<>();
        byte[] pdfBytes = null, xlsxBytes = null;
        for (int i = 0; i < 6; i++) {
            long s = System.nanoTime();
            Report report = reports.generate(t.id(), period, EnumSet.allOf(Section.class));
            read.add(millisSince(s));
            s = System.nanoTime();
            pdfBytes = renderers.render(report, ReportFormat.PDF);
            pdf.add(millisSince(s));
            s = System.nanoTime();
            xlsxBytes = renderers.render(report, ReportFormat.XLSX);
            xlsx.add(millisSince(s));
            s = System.nanoTime();
            Http.Response r = http().get("/exports?format=pdf&from=" + period.start() + "&to=" + period.end(), t.key());
            assertThat(r.status()).isEqualTo(200);
            http.add(millisSince(s));
        }
        // the first round warms the JIT and the caches; it is reported separately
        log("monthly: first round read %d ms, pdf %d ms, xlsx %d ms, GET /exports pdf %d ms", read.get(0), pdf.get(0),
                xlsx.get(0), http.get(0));
        log("monthly: next 5 rounds, median (min-max): read %s, pdf render %s, xlsx render %s, GET /exports pdf %s; "
                + "pdf %,d bytes, xlsx %,d bytes (load %s)", stats(read), stats(pdf), stats(xlsx), stats(http),
                pdfBytes.length, xlsxBytes.length, load());
        Files.createDirectories(Path.of("target", "report-artifacts"));
        Files.write(Path.of("target", "report-artifacts", "monthly-report.pdf"), pdfBytes);
        Files.write(Path.of("target", "report-artifacts", "monthly-report.xlsx"), xlsxBytes);
    }

    @Test
    @Timeout(value = 120, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aThousandTenantsWeeklyReportsIntoGreenMail() throws Exception {
        requireBenchmark();
        int tenants = Integer.getInteger("convolens.bench.tenants", 1000);
        int perDay = Integer.getInteger("convolens.bench.tenant-conversations-per-day", 20);
        LocalDate monday = LocalDate.now(BERLIN).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
        LocalDate runMonday = monday.plusWeeks(1);
        clock.set(runMonday.atTime(5, 0).atZone(BERLIN).toInstant());
        long started = System.nanoTime();
        List<TestTenant> all = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Long>> stored = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            int n = i;
            stored.add(pool.submit(() -> {
                TestTenant t = TestTenants.create(http(), ADMIN_KEY, "Europe/Berlin", "ingest", "read", "admin");
                all.add(t);
                long count = ingest(t, new BenchTraffic(1000 + n).days(monday, 7, BERLIN, perDay, "w", 5_000));
                Http.Response s = http().post("/schedules", t.key(), "{\"name\":\"Weekly\",\"frequency\":\"weekly\","
                        + "\"hour\":6,\"recipients\":[\"ops-" + t.id() + "@bench.test\"]}");
                assertThat(s.status()).isEqualTo(201);
                return count;
            }));
        }
        long events = 0;
        for (Future<Long> f : stored) events += f.get();
        pool.shutdown();
        long setupMs = millisSince(started);
        started = System.nanoTime();
        facts.flush();
        log("fleet: %d tenants, %d conversations/day each, %,d events and %d schedules in %,d ms, facts in %,d ms (load %s)",
                tenants, perDay, events, tenants, setupMs, millisSince(started), load());

        clock.set(runMonday.atTime(6, 0).atZone(BERLIN).toInstant());
        started = System.nanoTime();
        ScheduleRunner.Run run = runner.runDue();
        long runMs = millisSince(started);
        assertThat(run.claimed()).hasSize(tenants);
        assertThat(MAIL.waitForIncomingEmail(60_000, tenants)).isTrue();
        long mailMs = millisSince(started);
        assertThat(run.sent()).isEqualTo(tenants);
        assertThat(MAIL.getReceivedMessages()).hasSize(tenants);
        assertThat(runner.runDue().claimed()).isEmpty();
        log("fleet: one runDue() claimed %d weekly reports and mailed %d PDFs in %,d ms (%.1f reports/s, %.0f ms each "
                + "with %s workers); all %d in GreenMail after %,d ms (load %s)", run.claimed().size(), run.sent(), runMs,
                tenants * 1000.0 / runMs, (double) runMs / tenants, System.getProperty("convolens.reports.workers", "2"),
                MAIL.getReceivedMessages().length, mailMs, load());
    }

    long ingest(TestTenant t, List<String> batches) {
        long count = 0;
        for (String batch : batches) {
            Http.Response r = http().post("/api/events", t.key(), batch);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("rejected")).as(r.body()).isEmpty();
            count += r.json().get("accepted").asLong();
        }
        return count;
    }

    static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    static String stats(List<Long> runs) {
        List<Long> warm = new ArrayList<>(runs.subList(1, runs.size()));
        Collections.sort(warm);
        return warm.get(warm.size() / 2) + " ms (" + warm.get(0) + "-" + warm.get(warm.size() - 1) + ")";
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    static void log(String format, Object... args) throws IOException {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println("[report-benchmark] " + line);
        Files.createDirectories(OUT.getParent());
        Files.writeString(OUT, Instant.now() + " " + line + System.lineSeparator(), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
