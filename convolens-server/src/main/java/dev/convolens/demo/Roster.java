package dev.convolens.demo;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo desk's live-chat agents, their groups and who works when: a shift plan per local day that depends only
 * on the seed and the date, so any stretch of history can be regenerated and agrees with what was emitted before.
 */
final class Roster {

    record Agent(String staffId, String groupId) {}

    /** A break or a meeting inside a shift, during which the agent takes no chats. */
    record Pause(String status, long startMs, long endMs) {}

    record Shift(Agent agent, long loginMs, long logoutMs, List<Pause> pauses) {
        boolean takesChatsAt(long ms) {
            if (ms < loginMs || ms >= logoutMs) return false;
            for (Pause p : pauses) {
                if (ms >= p.startMs() && ms < p.endMs()) return false;
            }
            return true;
        }
    }

    static final String SUPPORT = "support", BILLING = "billing", SALES = "sales";

    static final List<Agent> AGENTS = List.of(
            new Agent("agent-anna", SUPPORT), new Agent("agent-ben", SUPPORT), new Agent("agent-chloe", SUPPORT),
            new Agent("agent-david", SUPPORT), new Agent("agent-emma", BILLING), new Agent("agent-farid", BILLING),
            new Agent("agent-greta", SALES), new Agent("agent-hugo", SALES));

    private static final LocalTime EARLY = LocalTime.of(7, 0), LATE = LocalTime.of(12, 0);

    private final ZoneId zone;
    private final long seed;
    // shifts are looked up for every escalation; a conversation only ever reaches a day or two ahead
    private final Map<LocalDate, List<Shift>> days = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<LocalDate, List<Shift>> eldest) {
            return size() > 8;
        }
    };

    Roster(ZoneId zone, long seed) {
        this.zone = zone;
        this.seed = seed;
    }

    ZoneId zone() {
        return zone;
    }

    /** The group's agents who could accept a chat at this moment. */
    List<Agent> available(String groupId, long ms) {
        List<Agent> out = new ArrayList<>(4);
        for (Shift s : shifts(Instant.ofEpochMilli(ms).atZone(zone).toLocalDate())) {
            if (s.agent().groupId().equals(groupId) && s.takesChatsAt(ms)) out.add(s.agent());
        }
        return out;
    }

    List<Shift> shifts(LocalDate date) {
        return days.computeIfAbsent(date, this::plan);
    }

    private List<Shift> plan(LocalDate date) {
        boolean weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
        // early and late shifts swap every ISO week so that nobody always works evenings
        boolean swap = date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) % 2 == 1;
        int rotation = (int) Math.floorMod(date.toEpochDay(), 4);
        List<Shift> out = new ArrayList<>();
        for (int i = 0; i < AGENTS.size(); i++) {
            Agent agent = AGENTS.get(i);
            Random rng = new Random(Seeds.mix(seed, date.toEpochDay() * 31 + i, 0x5EED_0F_D4L));
            LocalTime[] hours = weekend ? weekendHours(i, rotation, date) : weekdayHours(i, swap);
            if (hours == null || rng.nextDouble() < 0.04) continue;
            long login = at(date, hours[0]) + (rng.nextInt(18 * 60) - 10 * 60) * 1000L;
            long logout = at(date, hours[1]) + (rng.nextInt(25 * 60) - 5 * 60) * 1000L;
            out.add(new Shift(agent, login, logout, pauses(rng, login, logout)));
        }
        return List.copyOf(out);
    }

    private static LocalTime[] weekdayHours(int agent, boolean swap) {
        return switch (agent) {
            case 0, 1 -> swap ? late(8.5) : early(8.5);
            case 2, 3 -> swap ? early(8.5) : late(8.5);
            case 4 -> span(8, 0, 16, 30);
            case 5 -> span(9, 30, 18, 0);
            case 6 -> span(8, 30, 17, 0);
            default -> span(10, 0, 18, 30);
        };
    }

    /** Weekends: one early and one late support agent in rotation, one sales agent on alternate days, no billing. */
    private static LocalTime[] weekendHours(int agent, int rotation, LocalDate date) {
        if (agent < 4) {
            if (agent == rotation) return span(8, 0, 16, 0);
            if (agent == (rotation + 2) % 4) return span(12, 0, 20, 0);
            return null;
        }
        if (agent >= 6 && agent - 6 == Math.floorMod(date.toEpochDay(), 2)) return span(10, 0, 16, 0);
        return null;
    }

    private static LocalTime[] early(double hours) {
        return new LocalTime[] {EARLY, EARLY.plusMinutes((long) (hours * 60))};
    }

    private static LocalTime[] late(double hours) {
        return new LocalTime[] {LATE, LATE.plusMinutes((long) (hours * 60))};
    }

    private static LocalTime[] span(int fromHour, int fromMinute, int toHour, int toMinute) {
        return new LocalTime[] {LocalTime.of(fromHour, fromMinute), LocalTime.of(toHour, toMinute)};
    }

    private static List<Pause> pauses(Random rng, long login, long logout) {
        List<Pause> out = new ArrayList<>(3);
        long length = logout - login;
        if (length >= 6 * 3_600_000L) {
            long lunch = login + length / 2 + (rng.nextInt(60) - 30) * 60_000L;
            out.add(new Pause("away", lunch, lunch + (30 + rng.nextInt(16)) * 60_000L));
        }
        int meetings = rng.nextInt(3);
        for (int m = 0; m < meetings && length > 3 * 3_600_000L; m++) {
            long start = login + 3_600_000L + (long) (rng.nextDouble() * (length - 2 * 3_600_000L));
            Pause meeting = new Pause("busy", start, start + (15 + rng.nextInt(46)) * 60_000L);
            if (out.stream().noneMatch(p -> p.startMs() < meeting.endMs() && meeting.startMs() < p.endMs())) {
                out.add(meeting);
            }
        }
        out.sort(java.util.Comparator.comparingLong(Pause::startMs));
        return List.copyOf(out);
    }

    private long at(LocalDate date, LocalTime time) {
        return date.atTime(time).atZone(zone).toInstant().toEpochMilli();
    }
}
