package com.companyos.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the machine's CPU went during a measurement, from {@code /proc} (Linux): the governed writes' load client
 * (its own JVM, {@link LoadClient}), the console JVM (which also runs the raw JDBC client), the eu-west agent JVM,
 * the eu-west agent's PostgreSQL (server and backends), the standby's agent and PostgreSQL, the rest of the stack, and
 * everything else on the machine. Used to tell "the write path costs too much CPU" from
 * "the machine was busy with something else".
 */
final class CpuAccount {

    static final long TICKS = 100; // USER_HZ on Linux

    /**
     * CPU ticks per group at one instant, plus the machine's busy and total ticks, and of those the ticks in interrupt
     * handlers (hard and soft: the loopback network between these processes, the disk) and stolen by the hypervisor.
     */
    record Snapshot(Map<String, Long> groups, long machineBusy, long machineTotal, long interrupts, long steal) {
    }

    private final Path dataDir;
    private final String region;
    private final String standby;

    CpuAccount(Path dataDir, String region, String standby) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.region = region;
        this.standby = standby;
    }

    private static boolean runs(String agentCommand, String region) {
        return agentCommand.contains("--region=" + region + " ") || agentCommand.endsWith("--region=" + region);
    }

    /** The fields of a {@code /proc/<pid>/stat} (or {@code task/<tid>/stat}) line after the command name. */
    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** User plus system CPU ticks ({@value #TICKS} per second) of a process or thread, from its {@code stat} line. */
    static long cpuTicks(String stat) {
        String[] f = fields(stat);
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    Snapshot snapshot() {
        Map<Long, long[]> stat = new HashMap<>(); // pid -> {ppid, ticks}
        Map<Long, String> cmd = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                try {
                    String s = Files.readString(p.resolve("stat"));
                    long pid = Long.parseLong(p.getFileName().toString());
                    stat.put(pid, new long[]{Long.parseLong(fields(s)[1]), cpuTicks(s)});
                    cmd.put(pid, new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' '));
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return new Snapshot(Map.of(), 0, 0, 0, 0);
        }
        long self = ProcessHandle.current().pid();
        Map<String, Long> groups = new LinkedHashMap<>();
        String rest = "console PostgreSQL and the other agents";
        for (String g : new String[]{"load client JVM", "console JVM (and the raw JDBC client)", region + " agent JVM", region + " PostgreSQL",
                standby + " agent JVM (standby)", standby + " PostgreSQL (standby)", rest}) {
            groups.put(g, 0L);
        }
        for (Map.Entry<Long, long[]> e : stat.entrySet()) {
            long pid = e.getKey();
            String c = cmd.getOrDefault(pid, "");
            String group = null;
            if (pid == self) {
                group = "console JVM (and the raw JDBC client)";
            } else if (c.contains(LoadClient.class.getName()) && e.getValue()[0] == self) {
                group = "load client JVM";
            } else if (c.contains("--role=agent") && e.getValue()[0] == self) { // this run's agents (not another run's on the machine)
                group = runs(c, region) ? region + " agent JVM" : runs(c, standby) ? standby + " agent JVM (standby)" : rest;
            } else {
                String postmaster = c.contains(" -D ") ? c : cmd.getOrDefault(e.getValue()[0], "");
                if (postmaster.contains(" -D " + dataDir) || postmaster.contains(" -D " + dataDir.toString())) {
                    group = postmaster.contains("/agents/" + region + "/") ? region + " PostgreSQL"
                            : postmaster.contains("/agents/" + standby + "/") ? standby + " PostgreSQL (standby)" : rest;
                }
            }
            if (group != null) {
                groups.merge(group, e.getValue()[1], Long::sum);
            }
        }
        long busy = 0;
        long total = 0;
        long interrupts = 0;
        long steal = 0;
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                long v = Long.parseLong(cpu[i]);
                total += v;
                if (i != 4 && i != 5) { // idle, iowait
                    busy += v;
                }
                if (i == 6 || i == 7) { // irq, softirq
                    interrupts += v;
                } else if (i == 8) {
                    steal = v;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no machine totals
        }
        return new Snapshot(groups, busy, total, interrupts, steal);
    }

    /** CPU used between two snapshots: per group in milliseconds per operation, and the machine's utilisation. */
    static Map<String, Object> between(Snapshot a, Snapshot b, int operations) {
        Map<String, Object> m = new LinkedHashMap<>();
        long groupsTotal = 0;
        double perTick = 1000.0 / TICKS / Math.max(1, operations); // CPU ms per operation of one tick
        Map<String, Object> perOp = new LinkedHashMap<>();
        for (String g : b.groups().keySet()) {
            long ticks = b.groups().get(g) - a.groups().getOrDefault(g, 0L);
            groupsTotal += ticks;
            perOp.put(g, round(ticks * perTick));
        }
        long busy = b.machineBusy() - a.machineBusy();
        // What no process above was charged with: interrupt handling first, then time the hypervisor gave another
        // guest (this vCPU was not running at all), then other processes and kernel threads.
        long rest = Math.max(0, busy - groupsTotal);
        long interrupts = Math.min(rest, Math.max(0, b.interrupts() - a.interrupts()));
        long steal = Math.min(rest - interrupts, Math.max(0, b.steal() - a.steal()));
        perOp.put("interrupts (loopback network, disk)", round(interrupts * perTick));
        perOp.put("stolen by the hypervisor", round(steal * perTick));
        perOp.put("rest of the machine", round((rest - interrupts - steal) * perTick));
        m.put("cpuMillisPerOperation", perOp);
        long total = b.machineTotal() - a.machineTotal();
        m.put("machineBusyPercent", total == 0 ? -1 : round(busy * 100.0 / total));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
