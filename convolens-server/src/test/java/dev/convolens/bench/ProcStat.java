package dev.convolens.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU accounting from /proc, so that the report can say how the two cores were shared between the server, the load
 * generator and everything else on the machine (another build, the PostgreSQL backends).
 */
final class ProcStat {
    // USER_HZ is 100 on every Linux architecture the JDK supports
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {}

    /** User plus system CPU seconds of one process (all its threads). */
    static double cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name may contain spaces and parentheses; the fields after the last ')' are fixed
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // utime and stime are fields 14 and 15 of the full line, indexes 11 and 12 once the name is cut off
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds per thread group of one process, threads grouped by their name with digits folded ({@code
     * http-nio-#-exec-#}); a poor man's profile that needs no agent. Native threads (DuckDB's workers) carry the name
     * of the thread that created them.
     */
    static Map<String, Double> cpuSecondsByThread(long pid) {
        Map<String, Double> out = new TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException exited) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "#");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND, Double::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tasks, e);
        }
        return out;
    }

    /** CPU seconds of the PostgreSQL server listening on {@code port} and its live backends. */
    static double postgresCpuSeconds(int port) {
        long postmaster = -1;
        Map<Long, Long> parents = new java.util.HashMap<>();
        try (Stream<Path> list = Files.list(Path.of("/proc"))) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    String stat = Files.readString(p.resolve("stat"));
                    long pid = Long.parseLong(name);
                    parents.put(pid, Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]));
                    if (cmd.contains("postgres") && cmd.contains("-p " + port)) postmaster = pid;
                } catch (IOException | RuntimeException exited) {
                    // processes come and go while /proc is listed
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
        if (postmaster < 0) return Double.NaN;
        double sum = 0;
        for (var e : parents.entrySet()) {
            if (e.getKey() == postmaster || e.getValue() == postmaster) {
                try {
                    sum += cpuSeconds(e.getKey());
                } catch (UncheckedIOException exited) {
                    // a backend that ended meanwhile
                }
            }
        }
        return sum;
    }

    /** Busy CPU seconds of the whole machine since boot, summed over cores (everything but idle and iowait). */
    static double machineBusySeconds() {
        String first = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow();
        String[] f = first.trim().split("\\s+");
        long busy = 0;
        // user, nice, system, irq, softirq; not idle, iowait, or steal (time the hypervisor gave to other guests)
        for (int i = 1; i < f.length && i <= 7; i++) {
            if (i == 4 || i == 5) continue;
            busy += Long.parseLong(f[i]);
        }
        return busy / TICKS_PER_SECOND;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
