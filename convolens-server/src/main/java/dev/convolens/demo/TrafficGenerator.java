package dev.convolens.demo;

import dev.convolens.event.EventType;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Simulates a support desk's traffic as wire events (SPEC §2): what happens in a given second or on a given day
 * depends only on the seed and the time, so regenerating any stretch yields the same events with the same ids.
 */
final class TrafficGenerator {

    private record Intent(String name, double weight, String action, String endpoint) {}

    private record Bot(String id, double share, double escalation, String groupId, List<Intent> intents) {
        Intent pick(Random rng) {
            double total = 0;
            for (Intent i : intents) total += i.weight();
            double x = rng.nextDouble() * total;
            for (Intent i : intents) {
                if ((x -= i.weight()) < 0) return i;
            }
            return intents.get(intents.size() - 1);
        }

        Intent greeting() {
            return intents.stream().filter(i -> i.name().equals("greeting")).findFirst().orElseThrow();
        }
    }

    private enum Outcome { AI_RESOLVED, AGENT_RESOLVED, UNRESOLVED, MISSED }

    private static final Intent HANDOFF = new Intent("talk_to_human", 3, null, null);

    private static final List<Bot> BOTS = List.of(
            new Bot("support-bot", 0.55, 0.22, Roster.SUPPORT, List.of(
                    new Intent("order_status", 22, "lookup_order", "GET /orders/{id}"),
                    new Intent("return_request", 12, "create_return", "POST /returns"),
                    new Intent("shipping_info", 14, null, null),
                    new Intent("password_reset", 9, "send_reset_link", "POST /accounts/password-reset"),
                    new Intent("account_update", 7, "update_account", "PATCH /accounts/{id}"),
                    new Intent("technical_issue", 11, null, null),
                    new Intent("opening_hours", 5, null, null),
                    new Intent("greeting", 8, null, null),
                    HANDOFF)),
            new Bot("sales-assistant", 0.30, 0.12, Roster.SALES, List.of(
                    new Intent("product_info", 26, null, null),
                    new Intent("pricing", 20, null, null),
                    new Intent("availability", 14, "check_stock", "GET /inventory/{sku}"),
                    new Intent("demo_request", 8, "book_demo", "POST /calendar/bookings"),
                    new Intent("discount_code", 9, "apply_discount", "POST /carts/{id}/discounts"),
                    new Intent("greeting", 8, null, null),
                    HANDOFF)),
            new Bot("billing-bot", 0.15, 0.25, Roster.BILLING, List.of(
                    new Intent("invoice_copy", 22, "send_invoice", "GET /invoices/{id}"),
                    new Intent("payment_failed", 16, "retry_payment", "POST /payments/{id}/retry"),
                    new Intent("refund_status", 16, "lookup_refund", "GET /refunds/{id}"),
                    new Intent("change_plan", 11, "change_plan", "PATCH /subscriptions/{id}"),
                    new Intent("cancel_subscription", 8, null, null),
                    new Intent("greeting", 5, null, null),
                    HANDOFF)));

    private static final String[] CHANNELS = {"webchat", "whatsapp", "messenger", "email", "sms", "telegram", "voice"};
    private static final double[] CHANNEL_WEIGHTS = {36, 24, 10, 9, 6, 6, 9};
    private static final double[] READ_RECEIPTS = {0.9, 0.85, 0.8, 0.45, 0, 0.8, 0};
    private static final String[] LANGUAGES = {"de", "en", "fr", "tr"};
    private static final double[] LANGUAGE_WEIGHTS = {55, 35, 5, 5};

    /** Share of the peak rate per local hour, taken at the middle of the hour: a night trough, late-morning and afternoon peaks. */
    private static final double[] HOURLY = {0.10, 0.07, 0.06, 0.05, 0.05, 0.07, 0.13, 0.28, 0.55, 0.80, 0.95, 1.00,
            0.82, 0.78, 0.92, 0.97, 0.90, 0.70, 0.50, 0.38, 0.30, 0.24, 0.17, 0.12};
    private static final double SATURDAY = 0.45, SUNDAY = 0.35;

    private static final double[] CSAT_AI = {4, 5, 12, 33, 46}, CSAT_AGENT = {3, 4, 9, 30, 54},
            CSAT_UNRESOLVED = {18, 17, 25, 24, 16}, CSAT_MISSED = {38, 27, 20, 10, 5};
    private static final double[] NPS_GOOD = {1, 1, 1, 1, 2, 3, 5, 9, 18, 25, 34},
            NPS_BAD = {10, 8, 9, 9, 9, 12, 12, 10, 9, 7, 5};
    private static final String[] PRAISE = {"Quick and helpful, thanks!", "Solved in two minutes.",
            "The agent was very friendly.", "Easy to use."};
    private static final String[] COMPLAINTS = {"I had to repeat myself several times.", "Nobody answered the chat.",
            "The bot did not understand my question.", "Took far too long."};

    private static final long LIVECHAT_EXPIRY_MS = 300_000;
    private static final long SECOND_SALT = 0xC0FFEEL, DAY_SALT = 0xDA7EL, STAFF_SALT = 0x57AFFL;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

    private final JsonMapper json;
    private final ZoneId zone;
    private final double peakPerHour;
    private final long seed;
    private final Roster roster;
    // the rate changes slowly; recomputing it once a minute keeps a month's backfill cheap
    private long rateMinute = Long.MIN_VALUE;
    private double ratePerSecond;

    TrafficGenerator(JsonMapper json, ZoneId zone, double peakPerHour, long seed) {
        this.json = json;
        this.zone = zone;
        this.peakPerHour = peakPerHour;
        this.seed = seed;
        this.roster = new Roster(zone, seed);
    }

    ZoneId zone() {
        return zone;
    }

    /** Expected conversations per hour at this moment: the peak rate shaped by hour of day, weekday and the day's mood. */
    double conversationsPerHour(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        double x = local.getHour() + local.getMinute() / 60.0 - 0.5;
        int h = (int) Math.floor(x);
        double frac = x - h;
        double hourly = HOURLY[Math.floorMod(h, 24)] * (1 - frac) + HOURLY[Math.floorMod(h + 1, 24)] * frac;
        LocalDate date = local.toLocalDate();
        double weekday = date.getDayOfWeek() == DayOfWeek.SATURDAY ? SATURDAY
                : date.getDayOfWeek() == DayOfWeek.SUNDAY ? SUNDAY : 1.0;
        double mood = 0.9 + 0.2 * new Random(Seeds.mix(seed, date.toEpochDay(), DAY_SALT)).nextDouble();
        return peakPerHour * hourly * weekday * mood;
    }

    /** Schedules every event of the conversations that start within this second; answers how many started. */
    int second(long epochSecond, Timeline out) {
        long minute = Math.floorDiv(epochSecond, 60);
        if (minute != rateMinute) {
            rateMinute = minute;
            ratePerSecond = conversationsPerHour(Instant.ofEpochSecond(minute * 60)) / 3600;
        }
        Random rng = new Random(Seeds.mix(seed, epochSecond, SECOND_SALT));
        int count = poisson(rng, ratePerSecond);
        String prefix = "c-" + Long.toString(epochSecond, 36) + "-";
        for (int i = 0; i < count; i++) {
            new Conversation(rng, prefix + i, epochSecond * 1000 + rng.nextInt(1000), out).play();
        }
        return count;
    }

    /** Schedules one local day of agent shifts: log-ins, status changes for breaks and meetings, log-outs. */
    void staffDay(LocalDate date, Timeline out) {
        List<Roster.Shift> shifts = roster.shifts(date);
        for (int i = 0; i < shifts.size(); i++) {
            Roster.Shift shift = shifts.get(i);
            Random rng = new Random(Seeds.mix(seed, date.toEpochDay() * 31 + i, STAFF_SALT));
            String prefix = "st-" + date + "-" + shift.agent().staffId() + ".";
            int[] seq = {0};
            BiFunction<EventType, Long, ObjectNode> emit = (type, ms) -> {
                ObjectNode e = event(type, prefix + seq[0]++, ms);
                e.put("staffId", shift.agent().staffId());
                e.put("groupId", shift.agent().groupId());
                out.schedule(ms, e);
                return e;
            };
            emit.apply(EventType.STAFF_LOGIN, shift.loginMs()).putObject("metadata").put("shift",
                    shift.loginMs() < date.atTime(10, 0).atZone(zone).toInstant().toEpochMilli() ? "early" : "late");
            String previous = "offline";
            long at = shift.loginMs() + 2_000 + rng.nextInt(6_000);
            previous = status(emit, at, "available", previous);
            for (Roster.Pause pause : shift.pauses()) {
                previous = status(emit, pause.startMs(), pause.status(), previous);
                previous = status(emit, pause.endMs(), "available", previous);
            }
            status(emit, shift.logoutMs(), "offline", previous);
            emit.apply(EventType.STAFF_LOGOUT, shift.logoutMs() + 500 + rng.nextInt(2_000));
        }
    }

    private static String status(BiFunction<EventType, Long, ObjectNode> emit, long ms,
            String status, String previous) {
        emit.apply(EventType.STAFF_STATUS_CHANGED, ms).putObject("metadata").put("status", status)
                .put("previousStatus", previous);
        return status;
    }

    private ObjectNode event(EventType type, String id, long ms) {
        ObjectNode e = json.createObjectNode();
        e.put("type", type.wireName());
        e.put("id", id);
        e.put("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(ms).atZone(zone)));
        return e;
    }

    /** One conversation from its first message to its survey and follow-up task, scheduled in one go. */
    private final class Conversation {
        private final Random rng;
        private final String id;
        private final long startMs;
        private final Timeline out;
        private final Bot bot;
        private final int channel;
        private final String userId;
        private int seq;

        Conversation(Random rng, String id, long startMs, Timeline out) {
            this.rng = rng;
            this.id = id;
            this.startMs = startMs;
            this.out = out;
            this.bot = pickBot(rng);
            this.channel = pick(rng, CHANNEL_WEIGHTS);
            this.userId = "u-" + (10_000 + rng.nextInt(60_000));
        }

        private ObjectNode emit(EventType type, long ms) {
            ObjectNode e = event(type, id + "." + seq++, ms);
            e.put("botId", bot.id());
            e.put("channel", CHANNELS[channel]);
            e.put("conversationId", id);
            e.put("sessionId", "s" + id.substring(1));
            e.put("userId", userId);
            out.schedule(ms, e);
            return e;
        }

        void play() {
            emit(EventType.CONVERSATION_STARTED, startMs).putObject("metadata")
                    .put("language", LANGUAGES[pick(rng, LANGUAGE_WEIGHTS)]);
            if (rng.nextDouble() < 0.06) tag(startMs + 50, rng.nextBoolean() ? "returning-customer" : "vip");
            int turns = turns();
            boolean escalate = rng.nextDouble() < bot.escalation() * (channel("email") ? 0.6 : 1.0);
            if (escalate) turns = 1 + rng.nextInt(turns);

            long t = startMs + 200 + rng.nextInt(2_500);
            Intent intent = null;
            double confidence = 1;
            for (int turn = 1; turn <= turns; turn++) {
                boolean last = turn == turns;
                intent = escalate && last && rng.nextDouble() < 0.6 ? HANDOFF
                        : turn == 1 && rng.nextDouble() < 0.1 ? bot.greeting()
                        : bot.pick(rng);
                confidence = confidence();
                long rt = clamp(logNormal(1_500, 1.02), 250, 60_000);
                long next = last ? Long.MAX_VALUE : t + rt + thinkTime();
                botTurn(t, rt, intent, confidence, next);
                t = last ? t + rt : next;
            }

            if (escalate) {
                handOff(t, intent == HANDOFF ? "user_request" : confidence < 0.5 ? "low_confidence" : "policy");
                return;
            }
            boolean resolved = rng.nextDouble() < (confidence < 0.5 ? 0.6 : 0.88);
            if (resolved) {
                long at = t + 5_000 + rng.nextInt(85_000);
                emit(EventType.CONVERSATION_RESOLVED, at).putObject("metadata").put("resolvedBy", "bot");
                survey(at, Outcome.AI_RESOLVED);
                if (rng.nextDouble() < 0.03) task(at + 10_000, bot.groupId(), null, "Call the customer back");
            } else {
                long at = t + 30 * 60_000L;
                emit(EventType.CONVERSATION_CLOSED, at).putObject("metadata").put("reason", "inactivity");
                survey(at, Outcome.UNRESOLVED);
            }
        }

        /** The user's message and the bot's answer: classification, knowledge-base search, backend call, LLM reply. */
        private void botTurn(long t, long rt, Intent intent, double confidence, long nextInbound) {
            emit(EventType.MESSAGE_RECEIVED, t);
            long nlu = t + Math.max(30, (long) (rt * 0.08));
            double conf = Math.round(confidence * 1000) / 1000.0;
            emit(EventType.INTENT_CLASSIFIED, nlu).put("intent", intent.name()).put("value", conf);
            if (confidence < 0.5) emit(EventType.INTENT_CONFIDENCE_LOW, nlu).put("intent", intent.name()).put("value", conf);
            if (rng.nextDouble() < 0.05) variable(nlu);

            long cursor = nlu;
            if (rng.nextDouble() < (intent.endpoint() == null ? 0.75 : 0.35)) {
                long done = t + (long) (rt * 0.25);
                boolean miss = rng.nextDouble() < (confidence < 0.5 ? 0.45 : 0.1);
                ObjectNode m = emit(EventType.SEMANTIC_SEARCH_QUERY, done).put("durationMs", Math.max(5, done - cursor))
                        .putObject("metadata");
                m.put("resultCount", miss ? 0 : 1 + rng.nextInt(8));
                m.put("index", "kb-" + bot.id());
                cursor = done;
            }
            if (intent.endpoint() != null && confidence >= 0.5) {
                long done = t + (long) (rt * 0.42);
                boolean error = rng.nextDouble() < 0.03;
                ObjectNode m = emit(EventType.HTTP_CALL, done).put("durationMs", Math.max(5, done - cursor))
                        .putObject("metadata");
                m.put("endpoint", intent.endpoint());
                m.put("status", error ? (rng.nextBoolean() ? 500 : 504) : 200);
                m.put("hasError", error);
                cursor = done;
                if (!error && rng.nextDouble() < 0.8) {
                    emit(EventType.INTENT_ACTION_TAKEN, done).put("intent", intent.name()).putObject("metadata")
                            .put("action", intent.action());
                }
            }
            boolean generated = rng.nextDouble() < 0.92;
            boolean llmError = false;
            if (generated) {
                long done = t + (long) (rt * 0.96);
                boolean large = rng.nextDouble() < 0.2;
                int prompt = 250 + rng.nextInt(large ? 3_000 : 1_500);
                int completion = 30 + rng.nextInt(350);
                llmError = rng.nextDouble() < 0.015;
                double cost = large ? prompt * 2.5e-6 + completion * 1.0e-5 : prompt * 1.5e-7 + completion * 6.0e-7;
                ObjectNode m = emit(EventType.LLM_CALL, done).put("durationMs", Math.max(20, done - cursor))
                        .putObject("metadata");
                m.put("model", large ? "gpt-4o" : "gpt-4o-mini");
                m.put("tokens", prompt + completion);
                m.put("promptTokens", prompt);
                m.put("completionTokens", completion);
                m.put("costUsd", Math.round(cost * 1e6) / 1e6);
                m.put("hasError", llmError);
            }
            long reply = t + rt;
            if (generated && !llmError) emit(EventType.RESPONSE_AI_GENERATED, reply).put("intent", intent.name());
            emit(EventType.MESSAGE_SENT, reply).putObject("metadata").put("origin", "bot")
                    .put("template", !generated || llmError);
            emit(EventType.RESPONSE_TIME_RECORDED, reply).put("durationMs", rt);
            deliver(reply, nextInbound);
        }

        private void deliver(long sent, long nextInbound) {
            if (rng.nextDouble() < 0.012) {
                String[] reasons = {"channel_timeout", "recipient_unreachable", "rate_limited"};
                emit(EventType.MESSAGE_FAILED, sent + 500 + rng.nextInt(3_500)).putObject("metadata")
                        .put("reason", reasons[rng.nextInt(reasons.length)]);
                return;
            }
            if (channel("voice")) return;
            long delivered = sent + clamp(logNormal(600, 0.5), 80, 20_000);
            emit(EventType.MESSAGE_DELIVERED, delivered);
            if (rng.nextDouble() < READ_RECEIPTS[channel]) {
                long read = delivered + clamp(logNormal(3_000, 0.9), 200, 300_000);
                emit(EventType.MESSAGE_READ, Math.min(read, Math.max(delivered, nextInbound - 100)));
            }
        }

        /** The bot hands over to a live-chat agent of its team, or of the support team when its own is off duty. */
        private void handOff(long afterMs, String reason) {
            long escalated = afterMs + 1_000 + rng.nextInt(3_000);
            long requested = escalated + 300 + rng.nextInt(900);
            String group = bot.groupId();
            List<Roster.Agent> agents = roster.available(group, requested);
            if (agents.isEmpty() && !group.equals(Roster.SUPPORT)) {
                group = Roster.SUPPORT;
                agents = roster.available(group, requested);
            }
            if (agents.isEmpty() && rng.nextDouble() < 0.75) {
                // with nobody on duty the bot usually offers a call-back instead of a chat that nobody would take
                emit(EventType.MESSAGE_SENT, escalated).putObject("metadata").put("origin", "bot").put("template", true);
                task(escalated + 1_000, group, null, "Call back: no agent was online");
                long closed = escalated + 60_000 + rng.nextInt(120_000);
                emit(EventType.CONVERSATION_CLOSED, closed).putObject("metadata").put("reason", "agents_offline");
                survey(closed, Outcome.UNRESOLVED);
                return;
            }
            String requestId = "lc-" + id.substring(2);
            emit(EventType.CONVERSATION_ESCALATED, escalated).put("groupId", group).putObject("metadata")
                    .put("reason", reason);
            if (rng.nextDouble() < 0.4) tag(escalated + 10, "handoff");
            emit(EventType.LIVECHAT_REQUESTED, requested).put("groupId", group).putObject("metadata")
                    .put("requestId", requestId);

            long wait = Math.max(3_000, logNormal(45_000, 1.1));
            if (agents.isEmpty() || wait > LIVECHAT_EXPIRY_MS) {
                long missed = requested + LIVECHAT_EXPIRY_MS;
                ObjectNode m = emit(EventType.LIVECHAT_MISSED, missed).put("groupId", group).putObject("metadata");
                m.put("requestId", requestId);
                m.put("reason", agents.isEmpty() ? "no_agent_online" : "expired");
                emit(EventType.MESSAGE_SENT, missed + 1_000).putObject("metadata").put("origin", "bot")
                        .put("template", true);
                if (rng.nextDouble() < 0.8) task(missed + 2_000, group, null, "Reply to a missed chat");
                long closed = missed + 5_000;
                emit(EventType.CONVERSATION_CLOSED, closed).putObject("metadata").put("reason", "no_agent_available");
                survey(closed, Outcome.MISSED);
                return;
            }

            Roster.Agent agent = agents.get(rng.nextInt(agents.size()));
            long accepted = requested + wait;
            emit(EventType.LIVECHAT_ACCEPTED, accepted).put("staffId", agent.staffId()).put("groupId", group)
                    .put("durationMs", wait).putObject("metadata").put("requestId", requestId);
            int replies = 1 + Math.min(5, geometric(0.45));
            long asked = accepted, last = accepted;
            for (int j = 0; j < replies; j++) {
                long reply = asked + clamp(logNormal(j == 0 ? 15_000 : 25_000, 0.8), 2_000, 600_000);
                chat(reply, agent, group, requestId, "agent");
                emit(EventType.RESPONSE_STAFF_SENT, reply).put("staffId", agent.staffId()).put("groupId", group)
                        .put("durationMs", reply - asked);
                emit(EventType.MESSAGE_SENT, reply).put("staffId", agent.staffId()).putObject("metadata")
                        .put("origin", "agent");
                last = reply;
                long answered = Long.MAX_VALUE;
                if (j < replies - 1) answered = reply + clamp(logNormal(30_000, 0.9), 3_000, 900_000);
                deliver(reply, answered);
                if (answered != Long.MAX_VALUE) {
                    chat(answered, agent, group, requestId, "user");
                    emit(EventType.MESSAGE_RECEIVED, answered);
                    asked = answered;
                    last = answered;
                }
            }
            long ended = last + 10_000 + rng.nextInt(110_000);
            ObjectNode m = emit(EventType.LIVECHAT_ENDED, ended).put("staffId", agent.staffId()).put("groupId", group)
                    .put("durationMs", ended - accepted).putObject("metadata");
            m.put("requestId", requestId);
            m.put("endedBy", rng.nextDouble() < 0.7 ? "agent" : "user");
            long finished = ended + 500 + rng.nextInt(2_500);
            if (rng.nextDouble() < 0.85) {
                emit(EventType.CONVERSATION_RESOLVED, finished).put("staffId", agent.staffId()).putObject("metadata")
                        .put("resolvedBy", "agent");
                survey(finished, Outcome.AGENT_RESOLVED);
            } else {
                emit(EventType.CONVERSATION_CLOSED, finished).putObject("metadata").put("reason", "user_left");
                survey(finished, Outcome.UNRESOLVED);
            }
            if (rng.nextDouble() < 0.18) {
                task(finished + 30_000 + rng.nextInt(270_000), group, agent.staffId(), "Follow up on the chat");
            }
        }

        private void chat(long ms, Roster.Agent agent, String group, String requestId, String sender) {
            ObjectNode m = emit(EventType.LIVECHAT_MESSAGE, ms).put("staffId", agent.staffId()).put("groupId", group)
                    .putObject("metadata");
            m.put("requestId", requestId);
            m.put("sender", sender);
        }

        /** A follow-up task; it breaches its SLA when it takes longer than an hour (high priority) or four. */
        private void task(long created, String group, String staffId, String title) {
            String taskId = "task-" + id.substring(2);
            boolean high = rng.nextDouble() < 0.25;
            int slaMinutes = high ? 60 : 240;
            ObjectNode m = emit(EventType.TASK_CREATED, created).put("taskId", taskId).put("groupId", group)
                    .putObject("metadata");
            m.put("title", title);
            m.put("priority", high ? "high" : "normal");
            m.put("slaMinutes", slaMinutes);
            String assignee = staffId != null ? staffId : teamMember(group);
            long assigned = created + clamp(logNormal(240_000, 1.0), 20_000, 7_200_000);
            emit(EventType.TASK_ASSIGNED, assigned).put("taskId", taskId).put("groupId", group).put("staffId", assignee);
            long took = clamp(logNormal(high ? 40 * 60_000 : 100 * 60_000, high ? 0.8 : 0.85), 5 * 60_000,
                    10 * 3_600_000L);
            took = Math.max(took, assigned - created + 60_000);
            if (took > slaMinutes * 60_000L) {
                emit(EventType.TASK_SLA_BREACHED, created + slaMinutes * 60_000L).put("taskId", taskId)
                        .put("groupId", group).put("staffId", assignee).putObject("metadata")
                        .put("slaMinutes", slaMinutes);
            }
            emit(EventType.TASK_COMPLETED, created + took).put("taskId", taskId).put("groupId", group)
                    .put("staffId", assignee).put("durationMs", took);
        }

        /** About a third of finished conversations get a survey, most of them answered; NPS for some, CSAT else. */
        private void survey(long finished, Outcome outcome) {
            if (rng.nextDouble() >= 0.3) return;
            boolean nps = rng.nextDouble() < 0.2;
            String scale = nps ? "nps" : "csat";
            long sent = finished + 2_000 + rng.nextInt(8_000);
            emit(EventType.SATISFACTION_SURVEY_SENT, sent).putObject("metadata").put("scale", scale);
            if (rng.nextDouble() >= 0.72) return;
            long rated = sent + clamp(logNormal(45_000, 1.0), 5_000, 3_600_000);
            boolean good = outcome == Outcome.AI_RESOLVED || outcome == Outcome.AGENT_RESOLVED;
            int value = nps ? pick(rng, good ? NPS_GOOD : NPS_BAD) : 1 + pick(rng, switch (outcome) {
                case AI_RESOLVED -> CSAT_AI;
                case AGENT_RESOLVED -> CSAT_AGENT;
                case UNRESOLVED -> CSAT_UNRESOLVED;
                case MISSED -> CSAT_MISSED;
            });
            emit(EventType.SATISFACTION_RATING_RECEIVED, rated).put("value", value).putObject("metadata")
                    .put("scale", scale);
            if (rng.nextDouble() < 0.25) {
                boolean happy = nps ? value >= 8 : value >= 4;
                String[] comments = happy ? PRAISE : COMPLAINTS;
                ObjectNode m = emit(EventType.SATISFACTION_FEEDBACK_RECEIVED, rated + 10_000 + rng.nextInt(110_000))
                        .putObject("metadata");
                m.put("scale", scale);
                m.put("comment", comments[rng.nextInt(comments.length)]);
            }
        }

        private void tag(long ms, String tag) {
            ObjectNode m = emit(EventType.TAG_CHANGED, ms).putObject("metadata");
            m.put("tag", tag);
            m.put("action", "added");
        }

        private void variable(long ms) {
            String[] names = {"orderNumber", "email", "plan", "preferredLanguage"};
            ObjectNode m = emit(EventType.VARIABLE_CHANGED, ms).putObject("metadata");
            m.put("name", names[rng.nextInt(names.length)]);
            m.put("scope", "conversation");
        }

        private String teamMember(String group) {
            List<Roster.Agent> team = new ArrayList<>();
            for (Roster.Agent a : Roster.AGENTS) if (a.groupId().equals(group)) team.add(a);
            return team.get(rng.nextInt(team.size())).staffId();
        }

        /** Email threads are short, phone calls a few exchanges, chats a geometric number of turns. */
        private int turns() {
            if (channel("email")) return 1 + (rng.nextDouble() < 0.3 ? 1 : 0);
            if (channel("voice")) return 1 + rng.nextInt(4);
            return 1 + Math.min(7, geometric(0.38));
        }

        /** How long the user takes to write the next message; email users answer in minutes to hours. */
        private long thinkTime() {
            if (channel("email")) return clamp(logNormal(25 * 60_000, 0.8), 60_000, 4 * 3_600_000L);
            if (channel("voice")) return clamp(logNormal(4_000, 0.4), 1_000, 30_000);
            return clamp(logNormal(18_000, 0.8), 2_000, 15 * 60_000);
        }

        /** Mostly confident classifications, with a tail of low-confidence guesses the bot falls back on. */
        private double confidence() {
            if (rng.nextDouble() < 0.11) return 0.15 + 0.35 * rng.nextDouble();
            return 0.99 - 0.44 * Math.pow(rng.nextDouble(), 2);
        }

        private boolean channel(String name) {
            return CHANNELS[channel].equals(name);
        }

        private long logNormal(double median, double sigma) {
            return Math.round(median * Math.exp(sigma * rng.nextGaussian()));
        }

        private int geometric(double p) {
            int n = 0;
            while (rng.nextDouble() >= p) n++;
            return n;
        }
    }

    private static Bot pickBot(Random rng) {
        double x = rng.nextDouble();
        for (Bot b : BOTS) {
            if ((x -= b.share()) < 0) return b;
        }
        return BOTS.get(0);
    }

    private static int pick(Random rng, double[] weights) {
        double total = 0;
        for (double w : weights) total += w;
        double x = rng.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            if ((x -= weights[i]) < 0) return i;
        }
        return weights.length - 1;
    }

    /** Knuth's method: the rate per second is far below one, so this takes one or two draws. */
    private static int poisson(Random rng, double lambda) {
        double limit = Math.exp(-lambda);
        int k = 0;
        double p = rng.nextDouble();
        while (p > limit) {
            k++;
            p *= rng.nextDouble();
        }
        return k;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
