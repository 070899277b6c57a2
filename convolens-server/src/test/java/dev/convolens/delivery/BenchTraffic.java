package dev.convolens.delivery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic support-desk traffic for the report benchmarks: per conversation about 14 events (two exchanges with
 * response times, an intent, LLM calls and searches; a fifth escalated to live chat, most accepted by one of eight
 * agents; most resolved; ratings on some). Deterministic for a seed.
 */
final class BenchTraffic {
    private static final String[] CHANNELS = {"webchat", "webchat", "webchat", "whatsapp", "whatsapp", "sms", "messenger", "email"};
    private static final String[] BOTS = {"support-bot", "support-bot", "support-bot", "sales-assistant", "sales-assistant", "faq-bot"};
    private static final String[] INTENTS = {"order_status", "return_request", "shipping_info", "password_reset",
            "account_update", "technical_issue", "opening_hours", "product_info", "pricing", "availability", "greeting",
            "talk_to_human"};
    private static final String[] AGENTS = {"anna", "ben", "chloe", "david", "emma", "felix", "greta", "hugo"};

    private final Random rng;
    private final StringBuilder json = new StringBuilder(1 << 20);
    private int count;
    /** How slow replies are today: busy days are slower. */
    private double slowness = 1;

    BenchTraffic(long seed) {
        this.rng = new Random(seed);
    }

    /**
     * JSON arrays of at most {@code batch} events: about {@code conversationsPerDay} conversations on a weekday
     * (85-115% of it), 60% of that on Saturdays and 45% on Sundays.
     */
    List<String> days(LocalDate first, int days, ZoneId zone, int conversationsPerDay, String prefix, int batch) {
        List<String> batches = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            LocalDate day = first.plusDays(d);
            Instant open = day.atTime(7, 0).atZone(zone).toInstant();
            // weekends are quieter, and no two days are alike
            double weekday = switch (day.getDayOfWeek()) {
                case SATURDAY -> 0.6;
                case SUNDAY -> 0.45;
                default -> 1.0;
            };
            double busy = 0.85 + rng.nextDouble() * 0.3;
            int today = (int) Math.round(conversationsPerDay * weekday * busy);
            slowness = weekday * busy * (0.8 + rng.nextDouble() * 0.4);
            for (int i = 0; i < today; i++) {
                conversation(prefix + day + "-" + i, open.plusSeconds(rng.nextInt(15 * 3600)));
                if (count >= batch) batches.add(flush());
            }
        }
        if (count > 0) batches.add(flush());
        return batches;
    }

    private String flush() {
        String out = "[" + json + "]";
        json.setLength(0);
        count = 0;
        return out;
    }

    private void conversation(String id, Instant t0) {
        String channel = CHANNELS[rng.nextInt(CHANNELS.length)];
        String bot = BOTS[rng.nextInt(BOTS.length)];
        String dims = "\"channel\":\"" + channel + "\",\"botId\":\"" + bot + "\"";
        Instant t = t0;
        e("conversation.started", id, t, dims);
        String intent = INTENTS[rng.nextInt(INTENTS.length)];
        for (int exchange = 0; exchange < 2; exchange++) {
            e("message.received", id, t, dims);
            if (exchange == 0) {
                double confidence = 0.3 + rng.nextDouble() * 0.69;
                e("intent.classified", id, t.plusMillis(300), "\"intent\":\"" + intent + "\",\"value\":" + round(confidence));
                if (confidence < 0.5) e("intent.confidence_low", id, t.plusMillis(300), "\"intent\":\"" + intent + "\",\"value\":" + round(confidence));
                if (rng.nextInt(10) < 3) {
                    e("semantic_search.query", id, t.plusMillis(500), "\"metadata\":{\"resultCount\":" + rng.nextInt(4) + "}");
                }
            }
            if (rng.nextBoolean()) {
                e("llm.call", id, t.plusMillis(600), "\"durationMs\":" + (300 + rng.nextInt(2500))
                        + ",\"metadata\":{\"tokens\":" + (200 + rng.nextInt(1500)) + ",\"costUsd\":" + round(rng.nextDouble() * 0.01)
                        + ",\"hasError\":" + (rng.nextInt(50) == 0) + "}");
            }
            long rt = (long) ((800 + Math.exp(rng.nextGaussian() * 1.1 + 7.5)) * slowness);
            t = t.plusMillis(rt);
            e("message.sent", id, t, dims);
            e("response.time_recorded", id, t, "\"durationMs\":" + rt);
            t = t.plusSeconds(20 + rng.nextInt(90));
        }
        boolean escalated = rng.nextInt(5) == 0;
        if (escalated) {
            String request = id + "-lc";
            String group = bot.equals("sales-assistant") ? "sales" : "support";
            e("conversation.escalated", id, t, null);
            e("livechat.requested", id, t, "\"groupId\":\"" + group + "\",\"metadata\":{\"requestId\":\"" + request + "\"}");
            if (rng.nextInt(100) < 85) {
                String agent = AGENTS[rng.nextInt(AGENTS.length)];
                t = t.plusSeconds((long) ((10 + rng.nextInt(170)) * slowness));
                e("livechat.accepted", id, t, "\"staffId\":\"" + agent + "\",\"groupId\":\"" + group
                        + "\",\"metadata\":{\"requestId\":\"" + request + "\"}");
                t = t.plusSeconds(5 + rng.nextInt(40));
                e("livechat.message", id, t, "\"staffId\":\"" + agent + "\",\"metadata\":{\"requestId\":\"" + request + "\",\"sender\":\"agent\"}");
                e("response.staff_sent", id, t, "\"staffId\":\"" + agent + "\"");
                e("message.sent", id, t, dims + ",\"staffId\":\"" + agent + "\"");
                t = t.plusSeconds(180 + rng.nextInt(720));
                e("livechat.ended", id, t, "\"metadata\":{\"requestId\":\"" + request + "\"}");
                if (rng.nextInt(10) == 0) e("task.completed", id, t, "\"staffId\":\"" + agent + "\",\"taskId\":\"" + id + "\"");
            } else {
                t = t.plusSeconds(120);
                e("livechat.missed", id, t, "\"metadata\":{\"requestId\":\"" + request + "\"}");
            }
        }
        if (rng.nextInt(100) < 80) {
            t = t.plusSeconds(30);
            e("conversation.resolved", id, t, null);
            if (rng.nextInt(100) < 60) e("satisfaction.survey_sent", id, t.plusSeconds(5), null);
            if (rng.nextInt(100) < 35) {
                int[] weights = {1, 1, 2, 4, 6};
                int stars = pick(weights) + 1;
                e("satisfaction.rating_received", id, t.plusSeconds(60), "\"value\":" + stars);
            } else if (rng.nextInt(100) < 10) {
                e("satisfaction.rating_received", id, t.plusSeconds(60), "\"value\":" + rng.nextInt(11) + ",\"metadata\":{\"scale\":\"nps\"}");
            }
        }
    }

    private int pick(int[] weights) {
        int total = 0;
        for (int w : weights) total += w;
        int x = rng.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            if ((x -= weights[i]) < 0) return i;
        }
        return weights.length - 1;
    }

    private static String round(double v) {
        return String.valueOf(Math.round(v * 10_000) / 10_000.0);
    }

    private void e(String type, String conversation, Instant at, String extra) {
        if (count > 0) json.append(',');
        json.append("{\"id\":\"").append(conversation).append('-').append(type).append('-').append(at.toEpochMilli())
                .append("\",\"type\":\"").append(type).append("\",\"conversationId\":\"").append(conversation)
                .append("\",\"timestamp\":\"").append(at).append('"');
        if (extra != null) json.append(',').append(extra);
        json.append('}');
        count++;
    }
}
