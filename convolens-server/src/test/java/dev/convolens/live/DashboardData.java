package dev.convolens.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A desk's last day, as the dashboard tests and screenshots show it: bots, channels, replies, live chats, agents. */
final class DashboardData {
    private static final String[] CHANNELS = {"whatsapp", "webchat", "messenger", "sms", "telegram"};
    private static final String[] BOTS = {"support-bot", "sales-bot", "billing-bot"};
    private static final String[] AGENTS = {"mia.k", "li.wen", "sam.ortiz", "noor.h"};
    private static final String[] GROUPS = {"billing", "tech"};

    private DashboardData() {}

    /** Events of about 60 conversations over the last day, most in the last hours, plus live chats now. */
    static List<String> lastDay(Instant now) {
        Random random = new Random(42);
        List<String> out = new ArrayList<>();
        for (String agent : AGENTS) {
            out.add(e("staff.login", null, now.minus(Duration.ofHours(3)), ",\"staffId\":\"" + agent + "\""));
        }
        for (int i = 0; i < 60; i++) {
            String c = "conv-" + (1000 + i);
            // two in three conversations in the last three hours, the rest spread over the day
            long agoSeconds = i % 3 == 0 ? 3 * 3600 + random.nextInt(20 * 3600) : 60 + random.nextInt(3 * 3600);
            Instant start = now.minusSeconds(agoSeconds);
            String dims = ",\"channel\":\"" + CHANNELS[i % CHANNELS.length] + "\",\"botId\":\"" + BOTS[i % BOTS.length]
                    + "\",\"userId\":\"+27 82 " + (100 + i) + " " + (4000 + i * 7) + "\"";
            out.add(e("conversation.started", c, start, dims));
            int turns = 1 + random.nextInt(4);
            Instant t = start;
            for (int turn = 0; turn < turns; turn++) {
                t = t.plusSeconds(5 + random.nextInt(40));
                out.add(e("message.received", c, t, dims));
                long reply = 600 + random.nextInt(2400) + (random.nextInt(10) == 0 ? 9000 : 0);
                Instant sent = t.plusMillis(reply);
                out.add(e(random.nextInt(25) == 0 ? "message.failed" : "message.sent", c, sent, dims));
                out.add(e("response.time_recorded", c, sent, dims + ",\"durationMs\":" + reply));
            }
            if (i % 4 == 0) out.add(e("conversation.resolved", c, t.plusSeconds(30), dims));
            if (i % 7 == 3) out.add(e("conversation.escalated", c, t.plusSeconds(20), dims));
        }
        // live chats: answered ones in the last 25 minutes, one missed, three waiting now
        for (int i = 0; i < 9; i++) {
            String c = "chat-" + (200 + i), req = "req-" + (200 + i);
            Instant asked = now.minus(Duration.ofMinutes(25 - i * 2));
            String group = GROUPS[i % 2], agent = AGENTS[i % AGENTS.length];
            String dims = ",\"channel\":\"webchat\",\"botId\":\"support-bot\",\"groupId\":\"" + group
                    + "\",\"metadata\":{\"requestId\":\"" + req + "\"}";
            out.add(e("livechat.requested", c, asked, dims));
            out.add(e("conversation.escalated", c, asked, ",\"channel\":\"webchat\",\"botId\":\"support-bot\""));
            if (i == 4) {
                out.add(e("livechat.missed", c, asked.plusSeconds(120), dims));
                continue;
            }
            Instant accepted = asked.plusSeconds(15 + i * 9);
            out.add(e("livechat.accepted", c, accepted, dims.replace(",\"groupId\"", ",\"staffId\":\"" + agent + "\",\"groupId\"")));
            out.add(e("livechat.message", c, accepted.plusSeconds(20), ",\"staffId\":\"" + agent
                    + "\",\"metadata\":{\"requestId\":\"" + req + "\",\"sender\":\"agent\"}"));
            if (i < 6) {
                out.add(e("livechat.ended", c, accepted.plusSeconds(240), dims));
                out.add(e("conversation.resolved", c, accepted.plusSeconds(240), ",\"channel\":\"webchat\""));
            }
        }
        for (int i = 0; i < 3; i++) {
            String c = "chat-wait-" + i;
            out.add(e("livechat.requested", c, now.minusSeconds(40 + i * 75), ",\"channel\":\"whatsapp\","
                    + "\"botId\":\"support-bot\",\"groupId\":\"" + GROUPS[i % 2] + "\",\"metadata\":{\"requestId\":\"wait-" + i + "\"}"));
        }
        return out;
    }

    static String e(String type, String conversation, Instant at, String extra) {
        return "{\"type\":\"" + type + "\"" + (conversation == null ? "" : ",\"conversationId\":\"" + conversation + "\"")
                + ",\"timestamp\":\"" + at + "\"" + extra + "}";
    }
}
