package dev.convolens.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.convolens.facts.FactsUpdater;
import dev.convolens.report.ReportFixtureAccess;
import dev.convolens.report.ReportRenderers;
import dev.convolens.report.ReportService;
import dev.convolens.report.ReportsProperties;
import dev.convolens.schedule.ScheduleRunner;
import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import dev.convolens.tenant.TenantService;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Scheduled reports end to end into a real SMTP server (GreenMail): the whole service on a settable clock, a weekly
 * schedule in Europe/Berlin, the runner called as its ticker would call it after each move of the clock.
 */
@Import(ReportDeliveryTest.TestBeans.class)
class ReportDeliveryTest extends ServerTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final int SMTP_PORT = freePort();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("convolens.reports.retry.attempts", () -> "3");
        registry.add("convolens.reports.workers", () -> "2");
    }

    /** The settable clock, and an SMTP client that can be made to die as a killed process would, mid-delivery. */
    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {
        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock(Instant.now());
        }

        @Bean
        @Primary
        DyingMailSender dyingMailSender() {
            DyingMailSender sender = new DyingMailSender();
            sender.setHost("127.0.0.1");
            sender.setPort(SMTP_PORT);
            sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "5000");
            sender.getJavaMailProperties().put("mail.smtp.timeout", "5000");
            return sender;
        }
    }

    /** What a SIGKILL looks like from inside: not an exception the code handles, the thread just stops. */
    static final class ProcessKilled extends Error {
        ProcessKilled() {
            super("simulated kill -9 before the SMTP transaction");
        }
    }

    static final class DyingMailSender extends JavaMailSenderImpl {
        final AtomicBoolean dieOnNextSend = new AtomicBoolean();

        @Override
        public void send(MimeMessage... messages) {
            if (dieOnNextSend.getAndSet(false)) throw new ProcessKilled();
            super.send(messages);
        }

        @Override
        public void send(MimeMessage message) {
            send(new MimeMessage[] {message});
        }
    }

    @Autowired
    SettableClock clock;
    @Autowired
    DyingMailSender smtp;
    @Autowired
    ScheduleRunner runner;
    @Autowired
    FactsUpdater facts;
    @Autowired
    DeliveryStore store;
    @Autowired
    ReportService reports;
    @Autowired
    ReportRenderers renderers;
    @Autowired
    ReportMailer mailer;
    @Autowired
    TenantService tenants;
    @Autowired
    ReportsProperties properties;

    TestTenant t;
    LocalDate reportMonday;
    LocalDate runMonday;
    List<String> schedules = new ArrayList<>();

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Berlin tenant with the fixture week; the clock stands at 05:59 on the Monday after it. */
    @BeforeEach
    void aWeekThenMondayMorning() {
        reportMonday = ReportFixtureAccess.lastCompleteWeek(LocalDate.now(BERLIN));
        runMonday = reportMonday.plusWeeks(1);
        setClock(runMonday, "05:59");
        t = newTenant("Europe/Berlin", "ingest", "read", "admin");
        ReportFixtureAccess.load(http(), t, reportMonday);
        facts.flush();
    }

    @AfterEach
    void removeSchedules() {
        for (String id : schedules) http().delete("/schedules/" + id, t.key());
        smtp.dieOnNextSend.set(false);
    }

    void setClock(LocalDate day, String time) {
        clock.set(day.atTime(LocalTime.parse(time)).atZone(BERLIN).toInstant());
    }

    String schedule(int hour, String... recipients) {
        String list = String.join(",", Stream.of(recipients).map(r -> "\"" + r + "\"").toList());
        Http.Response r = http().post("/schedules", t.key(), "{\"name\":\"Weekly digest\",\"frequency\":\"weekly\","
                + "\"timezone\":\"Europe/Berlin\",\"hour\":" + hour + ",\"recipients\":[" + list + "]}");
        assertStatus(r, 201);
        String id = r.json().get("id").asString();
        schedules.add(id);
        return id;
    }

    String recipient(String name) {
        return name + "-" + t.id() + "@acme.test";
    }

    /** The mails in one recipient's mailbox. */
    List<MimeMessage> inbox(String address) {
        return MAIL.findReceivedMessages(u -> u.getEmail().equalsIgnoreCase(address), m -> true).toList();
    }

    JsonNode deliveries(String scheduleId) {
        return http().get("/schedules/" + scheduleId + "/deliveries", t.key()).json();
    }

    static String plainText(MimeMessage message) {
        return part(message, "text/plain");
    }

    static String html(MimeMessage message) {
        return part(message, "text/html");
    }

    /** The decoded text of the message's first part of this type, however deep it is nested. */
    static String part(jakarta.mail.Part part, String type) {
        try {
            if (part.isMimeType(type) && !BodyPart.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) return (String) part.getContent();
            if (part.getContent() instanceof Multipart multi) {
                for (int i = 0; i < multi.getCount(); i++) {
                    String found = part(multi.getBodyPart(i), type);
                    if (found != null) return found;
                }
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] attachment(MimeMessage message) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (BodyPart.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) return part.getInputStream().readAllBytes();
        }
        throw new AssertionError("no attachment");
    }

    @Test
    void aWeeklyScheduleMailsEachRecipientOnceOnMondayAtItsHourInBerlin() throws Exception {
        String ops = recipient("ops"), lead = recipient("lead");
        String id = schedule(6, ops, lead);

        assertThat(runner.runDue().claimed()).isEmpty();
        assertThat(inbox(ops)).isEmpty();

        setClock(runMonday, "06:00");
        ScheduleRunner.Run run = runner.runDue();
        assertThat(run.claimed()).hasSize(1);
        assertThat(run.sent()).isEqualTo(1);

        setClock(runMonday, "06:01");
        runner.runDue();
        setClock(runMonday.plusDays(3), "06:00");
        runner.runDue();

        for (String address : List.of(ops, lead)) {
            List<MimeMessage> mails = inbox(address);
            assertThat(mails).as(address).hasSize(1);
            MimeMessage mail = mails.get(0);
            assertThat(mail.getSubject()).isEqualTo("Weekly report for Tenant " + t.id());
            assertThat(mail.getFrom()[0].toString()).isEqualTo("reports@convolens.local");
            assertThat(plainText(mail)).contains("Conversations: 4 (+300.0% vs previous week)")
                    .contains("CSAT score: 50.0% (-50.0 pts vs previous week)");
            assertThat(html(mail)).contains("<td", "Conversations", "+300.0%");
            byte[] pdf = attachment(mail);
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(doc);
                assertThat(text).contains("Weekly report", "Tenant " + t.id(), "Europe/Berlin");
                assertThat(doc.getNumberOfPages()).isGreaterThan(1);
            }
        }
        JsonNode log = deliveries(id);
        assertThat(log).hasSize(1);
        JsonNode d = log.get(0);
        assertThat(d.get("period").asString()).isEqualTo(dev.convolens.report.ReportPeriod.isoWeek(reportMonday, BERLIN).key());
        assertThat(d.get("periodStart").asString()).isEqualTo(reportMonday.toString());
        assertThat(d.get("periodEnd").asString()).isEqualTo(reportMonday.plusDays(6).toString());
        assertThat(d.get("status").asString()).isEqualTo("sent");
        assertThat(d.get("attempts").asInt()).isEqualTo(1);
        assertThat(d.get("lastError").isNull()).isTrue();
        assertThat(d.get("trigger").asString()).isEqualTo("scheduled");
        assertThat(Instant.parse(d.get("sentAt").asString())).isEqualTo(runMonday.atTime(6, 0).atZone(BERLIN).toInstant());
        Path kept = properties.storage().resolve(t.id()).resolve(id).resolve(d.get("file").asString());
        assertThat(kept).exists();
        assertThat(Files.readAllBytes(kept)).startsWith("%PDF".getBytes());
        assertThat(http().get("/schedules/" + id, t.key()).json().get("nextRunAt").asString())
                .isEqualTo(runMonday.plusWeeks(1).atTime(6, 0).atZone(BERLIN).toInstant().toString());
    }

    @Test
    void aScheduleAtMidnightWaitsForTheGracePeriodForLateEvents() {
        String ops = recipient("ops");
        setClock(reportMonday.plusDays(6), "22:00");
        schedule(0, ops);

        setClock(runMonday, "00:00");
        runner.runDue();
        setClock(runMonday, "01:59");
        runner.runDue();
        assertThat(inbox(ops)).isEmpty();

        // a late event of Sunday evening arrives within the grace period and is in the report
        Http.Response late = http().post("/api/events", t.key(), "[{\"type\":\"message.received\",\"conversationId\":\"late\","
                + "\"timestamp\":\"" + reportMonday.plusDays(6).atTime(23, 30).atZone(BERLIN).toInstant() + "\"}]");
        assertThat(late.json().get("accepted").asInt()).isEqualTo(1);
        facts.flush();

        setClock(runMonday, "02:00");
        runner.runDue();
        assertThat(inbox(ops)).hasSize(1);
        assertThat(plainText(inbox(ops).get(0))).contains("Conversations: 5 (+400.0% vs previous week)")
                .contains("Data as of " + dev.convolens.report.Display.time(
                        reportMonday.plusDays(6).atTime(23, 30).atZone(BERLIN).toInstant(), BERLIN));
    }

    @Test
    void anInstanceKilledMidDeliveryIsResumedAfterItsLeaseAndTheReportGoesOutOnce() throws Exception {
        String ops = recipient("ops"), lead = recipient("lead");
        String id = schedule(6, ops, lead);
        setClock(runMonday, "06:00");
        smtp.dieOnNextSend.set(true);

        assertThatThrownBy(runner::runDue).isInstanceOf(ProcessKilled.class);

        JsonNode claimed = deliveries(id).get(0);
        assertThat(claimed.get("status").asString()).isEqualTo("sending");
        assertThat(claimed.get("attempts").asInt()).isEqualTo(1);
        assertThat(inbox(ops)).isEmpty();

        // the restarted service: a new owner over the same database, the dead one's lease still running
        DeliveryService restarted = new DeliveryService(store, reports, renderers, mailer, tenants, properties, clock);
        setClock(runMonday, "06:05");
        assertThat(restarted.attemptReady()).isEmpty();
        assertThat(runner.runDue().attempted()).isEmpty();
        assertThat(inbox(ops)).isEmpty();

        setClock(runMonday, "06:10:01");
        List<Delivery> resumed = restarted.attemptReady();
        assertThat(resumed).extracting(Delivery::status).containsExactly(Delivery.SENT);
        assertThat(runner.runDue().attempted()).isEmpty();
        setClock(runMonday, "07:00");
        assertThat(runner.runDue().attempted()).isEmpty();

        assertThat(inbox(ops)).hasSize(1);
        assertThat(inbox(lead)).hasSize(1);
        JsonNode d = deliveries(id);
        assertThat(d).hasSize(1);
        assertThat(d.get(0).get("status").asString()).isEqualTo("sent");
        assertThat(d.get(0).get("attempts").asInt()).isEqualTo(2);
        assertThat(inbox(ops).get(0).getMessageID()).isEqualTo(d.get(0).get("messageId").asString());
    }

    @Test
    void aSentReportIsNeverSentAgainByARestartedInstance() {
        String ops = recipient("ops");
        schedule(6, ops);
        setClock(runMonday, "06:00");
        runner.runDue();
        assertThat(inbox(ops)).hasSize(1);

        DeliveryService restarted = new DeliveryService(store, reports, renderers, mailer, tenants, properties, clock);
        setClock(runMonday, "08:00");
        assertThat(restarted.attemptReady()).isEmpty();
        assertThat(runner.runDue().claimed()).isEmpty();

        assertThat(inbox(ops)).hasSize(1);
    }

    @Test
    void twoInstancesRacingForTheSamePeriodSendOneMail() throws Exception {
        String ops = recipient("ops");
        String id = schedule(6, ops);
        setClock(runMonday, "06:00");
        DeliveryService a = new DeliveryService(store, reports, renderers, mailer, tenants, properties, clock);
        DeliveryService b = new DeliveryService(store, reports, renderers, mailer, tenants, properties, clock);
        DeliveryOrder order = new DeliveryOrder(id, t.id(), Delivery.PERIOD, Delivery.SCHEDULED,
                dev.convolens.report.ReportPeriod.isoWeek(reportMonday, BERLIN), "weekly", dev.convolens.report.ReportFormat.PDF,
                java.util.EnumSet.of(dev.convolens.report.Section.SUMMARY), List.of(ops));
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Boolean> claimA = CompletableFuture.supplyAsync(() -> await(start) && a.claim(order).isPresent());
        CompletableFuture<Boolean> claimB = CompletableFuture.supplyAsync(() -> await(start) && b.claim(order).isPresent());
        start.countDown();
        assertThat(List.of(claimA.get(), claimB.get())).containsExactlyInAnyOrder(true, false);

        CompletableFuture<List<Delivery>> sendA = CompletableFuture.supplyAsync(a::attemptReady);
        CompletableFuture<List<Delivery>> sendB = CompletableFuture.supplyAsync(b::attemptReady);
        assertThat(sendA.get().size() + sendB.get().size()).isEqualTo(1);
        assertThat(runner.runDue().claimed()).isEmpty();

        assertThat(inbox(ops)).hasSize(1);
        assertThat(deliveries(id)).hasSize(1);
    }

    static boolean await(CountDownLatch latch) {
        try {
            latch.await();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void anSmtpFailureIsRetriedWithBackoffAndEveryAttemptIsInTheDeliveryLog() {
        String ops = recipient("ops");
        String id = schedule(6, ops);
        MAIL.stop();
        try {
            setClock(runMonday, "06:00");
            runner.runDue();
            JsonNode first = deliveries(id).get(0);
            assertThat(first.get("status").asString()).isEqualTo("retrying");
            assertThat(first.get("attempts").asInt()).isEqualTo(1);
            assertThat(first.get("lastError").asString()).contains("MailSendException");
            assertThat(first.get("nextAttemptAt").asString()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)).toString());
            // an SMTP outage is the deliveries' business, not a reason to take the service out of rotation
            assertThat(http().get("/actuator/health", null).json().get("status").asString()).isEqualTo("UP");

            setClock(runMonday, "06:00:59");
            assertThat(runner.runDue().attempted()).isEmpty();
            setClock(runMonday, "06:01");
            runner.runDue();
            JsonNode second = deliveries(id).get(0);
            assertThat(second.get("attempts").asInt()).isEqualTo(2);
            assertThat(second.get("nextAttemptAt").asString()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)).toString());
        } finally {
            MAIL.start();
        }
        setClock(runMonday, "06:03");
        runner.runDue();

        JsonNode sent = deliveries(id).get(0);
        assertThat(sent.get("status").asString()).isEqualTo("sent");
        assertThat(sent.get("attempts").asInt()).isEqualTo(3);
        assertThat(sent.get("lastError").isNull()).isTrue();
        assertThat(inbox(ops)).hasSize(1);
    }

    @Test
    void aDeliveryThatFailsEveryAttemptIsLoggedFailedAndLeftAlone() {
        String ops = recipient("ops");
        String id = schedule(6, ops);
        MAIL.stop();
        try {
            for (String time : List.of("06:00", "06:01", "06:03", "06:07", "07:00", "09:00")) {
                setClock(runMonday, time);
                runner.runDue();
            }
        } finally {
            MAIL.start();
        }
        setClock(runMonday, "10:00");
        runner.runDue();

        JsonNode d = deliveries(id).get(0);
        assertThat(d.get("status").asString()).isEqualTo("failed");
        assertThat(d.get("attempts").asInt()).isEqualTo(3);
        assertThat(d.get("lastError").asString()).isNotBlank();
        assertThat(d.get("nextAttemptAt").isNull()).isTrue();
        assertThat(inbox(ops)).isEmpty();
    }

    Http.Response sendNow(String scheduleId, String query) {
        Http.Response r = http().post("/schedules/" + scheduleId + "/send" + query, t.key(), "");
        assertStatus(r, 200);
        return r;
    }

    @Test
    void sendNowMailsTheLastCompletePeriodAtOnceAndTheScheduledRunDoesNotMailItAgain() throws Exception {
        String ops = recipient("ops");
        setClock(runMonday, "04:00");
        String id = schedule(6, ops);

        JsonNode d = sendNow(id, "").json();

        assertThat(d.get("status").asString()).isEqualTo("sent");
        assertThat(d.get("created").asBoolean()).isTrue();
        assertThat(d.get("trigger").asString()).isEqualTo("manual");
        assertThat(d.get("periodStart").asString()).isEqualTo(reportMonday.toString());
        assertThat(inbox(ops)).hasSize(1);
        setClock(runMonday, "06:00");
        assertThat(runner.runDue().claimed()).isEmpty();
        assertThat(inbox(ops)).hasSize(1);
        assertThat(deliveries(id)).extracting(x -> x.get("id").asString()).containsExactly(d.get("id").asString());
    }

    @Test
    void sendNowForASentPeriodAnswersItsDeliveryAndOnlyResendMailsItOnceMore() throws Exception {
        String ops = recipient("ops"), lead = recipient("lead");
        String id = schedule(6, ops, lead);
        setClock(runMonday, "06:00");
        runner.runDue();
        String scheduled = deliveries(id).get(0).get("id").asString();
        setClock(runMonday, "09:00");

        JsonNode again = sendNow(id, "").json();
        JsonNode andAgain = sendNow(id, "?resend=false").json();

        assertThat(again.get("id").asString()).isEqualTo(scheduled);
        assertThat(again.get("created").asBoolean()).isFalse();
        assertThat(again.get("status").asString()).isEqualTo("sent");
        assertThat(again.get("trigger").asString()).isEqualTo("scheduled");
        assertThat(andAgain.get("id").asString()).isEqualTo(scheduled);
        assertThat(inbox(ops)).hasSize(1);

        JsonNode resent = sendNow(id, "?resend=true").json();

        assertThat(resent.get("created").asBoolean()).isTrue();
        assertThat(resent.get("id").asString()).isNotEqualTo(scheduled);
        assertThat(resent.get("trigger").asString()).isEqualTo("resend");
        assertThat(resent.get("status").asString()).isEqualTo("sent");
        assertThat(resent.get("period").asString()).isEqualTo(again.get("period").asString());
        assertThat(inbox(ops)).hasSize(2);
        assertThat(inbox(lead)).hasSize(2);
        // a press after the resend answers the resend: still two mails
        assertThat(sendNow(id, "").json().get("id").asString()).isEqualTo(resent.get("id").asString());
        assertThat(inbox(ops)).hasSize(2);
        assertThat(deliveries(id)).extracting(x -> x.get("trigger").asString()).containsExactly("resend", "scheduled");
        assertThat(inbox(ops).get(1).getMessageID()).isEqualTo(resent.get("messageId").asString())
                .isNotEqualTo(inbox(ops).get(0).getMessageID());

        Http.Response wrong = http().post("/schedules/" + id + "/send?resend=yes", t.key(), "");
        assertStatus(wrong, 400);
        assertThat(wrong.json().get("error").asString()).isEqualTo("invalid resend");
    }

    @Test
    void threePressesWhileTheMailServerIsDownMakeOneDeliveryAndOneMailWhenItIsBack() {
        String ops = recipient("ops");
        setClock(runMonday, "04:00");
        String id = schedule(6, ops);
        JsonNode first, second, third;
        MAIL.stop();
        try {
            first = sendNow(id, "").json();
            setClock(runMonday, "04:00:20");
            second = sendNow(id, "").json();
            third = sendNow(id, "?resend=true").json();
        } finally {
            MAIL.start();
        }

        assertThat(first.get("status").asString()).isEqualTo("retrying");
        assertThat(first.get("created").asBoolean()).isTrue();
        assertThat(first.get("lastError").asString()).contains("MailSendException");
        assertThat(first.get("nextAttemptAt").asString())
                .isEqualTo(runMonday.atTime(4, 1).atZone(BERLIN).toInstant().toString());
        for (JsonNode press : List.of(second, third)) {
            assertThat(press.get("id").asString()).isEqualTo(first.get("id").asString());
            assertThat(press.get("created").asBoolean()).isFalse();
            assertThat(press.get("status").asString()).isEqualTo("retrying");
            assertThat(press.get("attempts").asInt()).isEqualTo(1);
        }

        setClock(runMonday, "04:01");
        runner.runDue();
        JsonNode fourth = sendNow(id, "").json();

        assertThat(fourth.get("id").asString()).isEqualTo(first.get("id").asString());
        assertThat(fourth.get("status").asString()).isEqualTo("sent");
        assertThat(fourth.get("attempts").asInt()).isEqualTo(2);
        setClock(runMonday, "06:00");
        runner.runDue();
        assertThat(inbox(ops)).hasSize(1);
        assertThat(deliveries(id)).hasSize(1);
    }

    @Test
    void afterThePeriodsDeliveryFailedSendNowTriesAgainAsANewCopy() {
        String ops = recipient("ops");
        String id = schedule(6, ops);
        MAIL.stop();
        try {
            for (String time : List.of("06:00", "06:01", "06:03")) {
                setClock(runMonday, time);
                runner.runDue();
            }
        } finally {
            MAIL.start();
        }
        assertThat(deliveries(id).get(0).get("status").asString()).isEqualTo("failed");
        setClock(runMonday, "08:00");

        JsonNode retried = sendNow(id, "").json();

        assertThat(retried.get("created").asBoolean()).isTrue();
        assertThat(retried.get("status").asString()).isEqualTo("sent");
        assertThat(retried.get("trigger").asString()).isEqualTo("manual");
        assertThat(sendNow(id, "").json().get("id").asString()).isEqualTo(retried.get("id").asString());
        assertThat(inbox(ops)).hasSize(1);
        assertThat(deliveries(id)).extracting(x -> x.get("status").asString()).containsExactly("sent", "failed");
    }

    @Test
    void pressesRacingForTheSamePeriodShareOneDelivery() throws Exception {
        String ops = recipient("ops");
        setClock(runMonday, "04:00");
        String id = schedule(6, ops);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<JsonNode>> presses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            presses.add(CompletableFuture.supplyAsync(() -> await(start) ? sendNow(id, "").json() : null));
        }
        start.countDown();
        List<JsonNode> answers = new ArrayList<>();
        for (CompletableFuture<JsonNode> p : presses) answers.add(p.get());

        assertThat(answers).extracting(a -> a.get("id").asString()).containsOnly(answers.get(0).get("id").asString());
        assertThat(answers).filteredOn(a -> a.get("created").asBoolean()).hasSize(1);
        runner.runDue();
        assertThat(inbox(ops)).hasSize(1);
        assertThat(deliveries(id)).hasSize(1);
    }
}
