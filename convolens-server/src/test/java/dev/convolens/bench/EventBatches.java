package dev.convolens.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request bodies of realistic events, serialized once before the run. Every request reuses one of a few serialized
 * templates and only overwrites the fixed-width digits of each event id, so that ids stay unique across the whole
 * run while the load generator spends almost nothing on JSON during the measured window.
 */
final class EventBatches {

    private static final String ID_PREFIX = "evt-";
    private static final int ID_DIGITS = 16;
    // Jackson writes properties in insertion order and "id" goes first, so this marks exactly one place per event
    private static final byte[] ID_MARK = ("{\"id\":\"" + ID_PREFIX).getBytes(StandardCharsets.US_ASCII);

    private static final String[] BOTS = {"bot-support-en", "bot-support-de", "bot-sales-en", "bot-billing-fr",
            "bot-onboarding-es"};
    private static final String[] CHANNELS = {"whatsapp", "whatsapp", "whatsapp", "webchat", "webchat", "messenger",
            "sms", "email", "telegram", "voice"};
    private static final String[] LOCALES = {"en-GB", "en-US", "de-DE", "fr-FR", "es-ES", "nl-NL"};
    private static final String[] INTENTS = {"order_status", "refund_request", "change_address", "opening_hours",
            "speak_to_agent", "cancel_subscription", "invoice_copy", "product_question"};
    private static final String[] MODELS = {"gpt-4o-mini", "claude-3-5-haiku", "mistral-small-2501"};
    private static final String[] GROUPS = {"support-tier1", "support-tier2", "billing", "sales"};
    private static final String[] HOSTS = {"api.shop.example", "crm.example.net", "search.internal.example"};

    /** Event types by how often a busy chatbot-plus-live-chat deployment emits them. */
    private static final List<String> TYPES = weighted(
            "message.received", 18, "message.sent", 18, "message.delivered", 10, "message.read", 8,
            "response.ai_generated", 10, "llm.call", 10, "intent.classified", 8, "http.call", 4,
            "conversation.started", 3, "conversation.resolved", 2, "livechat.message", 4,
            "response.time_recorded", 2, "task.created", 1, "task.completed", 1,
            "satisfaction.rating_received", 1);

    private final JsonMapper json = JsonMapper.builder().build();
    private final int batchSize;
    private final byte[][] templates;
    private final int[][] idOffsets;
    private final AtomicLong nextBatch = new AtomicLong();
    private final double averageEventBytes;

    /**
     * @param spreadSeconds event timestamps fall within this many seconds before {@code now}, as a real SDK's buffered
     *     or retried sends would
     */
    EventBatches(int templateCount, int batchSize, Instant now, long spreadSeconds, long seed) {
        this.batchSize = batchSize;
        this.templates = new byte[templateCount][];
        this.idOffsets = new int[templateCount][];
        SplittableRandom random = new SplittableRandom(seed);
        long bytes = 0;
        for (int t = 0; t < templateCount; t++) {
            ArrayNode batch = json.createArrayNode();
            for (int i = 0; i < batchSize; i++) batch.add(event(random, now, spreadSeconds));
            templates[t] = json.writeValueAsBytes(batch);
            idOffsets[t] = idOffsets(templates[t], batchSize);
            bytes += templates[t].length;
        }
        this.averageEventBytes = (double) bytes / templateCount / batchSize;
    }

    /** The next request body; safe to call from many threads, every event id is new. */
    byte[] next() {
        long batch = nextBatch.getAndIncrement();
        int t = (int) (batch % templates.length);
        byte[] body = templates[t].clone();
        int[] offsets = idOffsets[t];
        long first = batch * batchSize;
        for (int i = 0; i < offsets.length; i++) writeHex(body, offsets[i], scramble(first + i));
        return body;
    }

    double averageEventBytes() {
        return averageEventBytes;
    }

    int batchSize() {
        return batchSize;
    }

    private ObjectNode event(SplittableRandom r, Instant now, long spreadSeconds) {
        String type = TYPES.get(r.nextInt(TYPES.size()));
        ObjectNode e = json.createObjectNode();
        e.put("id", ID_PREFIX + "0".repeat(ID_DIGITS));
        e.put("type", type);
        // millisecond precision with a Z offset, as JavaScript's Date.toISOString() sends it
        e.put("timestamp", now.minusMillis(1 + r.nextLong(spreadSeconds * 1000)).truncatedTo(ChronoUnit.MILLIS)
                .toString());
        e.put("botId", pick(r, BOTS));
        e.put("channel", pick(r, CHANNELS));
        e.put("conversationId", "conv_" + token(r, 20));
        e.put("sessionId", "sess_" + token(r, 20));
        e.put("userId", "usr_" + token(r, 12));
        ObjectNode meta = json.createObjectNode();
        meta.put("locale", pick(r, LOCALES));
        meta.put("sdk", "convolens-js/2.3." + r.nextInt(8));
        meta.put("traceId", token(r, 32));
        switch (type) {
            case "message.received", "message.sent" -> {
                meta.put("messageType", r.nextInt(10) < 8 ? "text" : "image");
                meta.put("length", 5 + r.nextInt(400));
                meta.put("platformMessageId", "wamid." + token(r, 28));
            }
            case "message.delivered", "message.read" -> meta.put("platformMessageId", "wamid." + token(r, 28));
            case "response.ai_generated", "llm.call" -> {
                e.put("durationMs", 150 + r.nextInt(4000));
                e.put("value", Math.round(r.nextDouble() * 2000) / 1_000_000.0);
                meta.put("model", pick(r, MODELS));
                meta.put("promptTokens", 200 + r.nextInt(3000));
                meta.put("completionTokens", 20 + r.nextInt(500));
                meta.put("finishReason", r.nextInt(20) == 0 ? "length" : "stop");
            }
            case "intent.classified" -> {
                e.put("intent", pick(r, INTENTS));
                e.put("value", Math.round((0.4 + r.nextDouble() * 0.6) * 1000) / 1000.0);
                meta.put("classifier", "nlu-v7");
                meta.put("runnerUp", pick(r, INTENTS));
            }
            case "http.call" -> {
                e.put("durationMs", 20 + r.nextInt(900));
                meta.put("method", r.nextBoolean() ? "GET" : "POST");
                meta.put("host", pick(r, HOSTS));
                meta.put("status", r.nextInt(50) == 0 ? 502 : 200);
            }
            case "conversation.started" -> {
                meta.put("entryPoint", r.nextBoolean() ? "qr-code" : "website-widget");
                meta.put("utmCampaign", "winter-sale-" + r.nextInt(12));
            }
            case "livechat.message", "response.time_recorded" -> {
                e.put("staffId", "agent-" + r.nextInt(40));
                e.put("groupId", pick(r, GROUPS));
                if (type.equals("response.time_recorded")) e.put("durationMs", 2000 + r.nextInt(120_000));
                else meta.put("length", 5 + r.nextInt(300));
            }
            case "task.created", "task.completed" -> {
                e.put("taskId", "task_" + token(r, 10));
                e.put("groupId", pick(r, GROUPS));
                meta.put("priority", r.nextInt(3) == 0 ? "high" : "normal");
            }
            case "satisfaction.rating_received" -> {
                e.put("value", 1 + r.nextInt(5));
                meta.put("survey", "csat-5");
            }
            default -> meta.put("reason", "user_idle");
        }
        e.set("metadata", meta);
        return e;
    }

    private static int[] idOffsets(byte[] body, int expected) {
        int[] offsets = new int[expected];
        int found = 0;
        for (int i = 0; i + ID_MARK.length <= body.length; i++) {
            if (body[i] == '{' && Arrays.equals(body, i, i + ID_MARK.length, ID_MARK, 0, ID_MARK.length)) {
                if (found == expected) throw new IllegalStateException("more id marks than events in a template");
                offsets[found++] = i + ID_MARK.length;
                i += ID_MARK.length + ID_DIGITS;
            }
        }
        if (found != expected) throw new IllegalStateException(found + " id marks for " + expected + " events");
        return offsets;
    }

    private static void writeHex(byte[] body, int at, long value) {
        for (int i = at + ID_DIGITS - 1; i >= at; i--) {
            body[i] = (byte) "0123456789abcdef".charAt((int) (value & 0xf));
            value >>>= 4;
        }
    }

    /**
     * A bijection on 64 bits (SplitMix64's finalizer), so ids stay unique yet look random, like the UUIDs SDKs send:
     * sequential ids would let the store's min/max pruning skip the dedupe work that real ids cause.
     */
    static long scramble(long x) {
        x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return x ^ (x >>> 31);
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String token(SplittableRandom r, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) c[i] = "abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36));
        return new String(c);
    }

    private static List<String> weighted(Object... typeAndWeight) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < typeAndWeight.length; i += 2) {
            for (int w = 0; w < (Integer) typeAndWeight[i + 1]; w++) out.add((String) typeAndWeight[i]);
        }
        return List.copyOf(out);
    }
}
