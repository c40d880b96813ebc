package community.arrakis.gatewayproxy.benchmarks.ingestor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * RabbitMQ's CPU time, read from {@code /proc} when the broker runs on this machine (a process
 * named {@code beam.smp}): what each side of a benchmark costs the broker per message. On a
 * machine the broker shares with the load, its cost per message decides how many messages it
 * can take, so this says whether a gap between two rates is the publisher's or the broker's.
 */
final class BrokerCpu {

    /** The broker on this machine, or one that reads nothing when there is none. */
    static final BrokerCpu LOCAL = new BrokerCpu(find());

    /** Linux reports process times in clock ticks of 1/100 s on every architecture it runs Java on. */
    private static final double TICKS_PER_SECOND = 100;

    private final Path stat;

    private BrokerCpu(Path stat) {
        this.stat = stat;
    }

    boolean available() {
        return stat != null;
    }

    /** CPU seconds the broker has used so far; NaN when it cannot be read. */
    double seconds() {
        if (stat == null) {
            return Double.NaN;
        }
        try {
            String line = Files.readString(stat);
            // fields after the command name, which is in parentheses and may hold spaces
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Microseconds of broker CPU per message between two readings of {@link #seconds}. */
    static double microsPerMessage(double before, double after, long messages) {
        return messages <= 0 ? Double.NaN : (after - before) * 1e6 / messages;
    }

    /** The busiest {@code beam.smp}: RabbitMQ's command-line tools run on the same VM, briefly. */
    private static Path find() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return Files.readString(p.resolve("comm")).strip().equals("beam.smp");
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .map(p -> p.resolve("stat"))
                    .max(java.util.Comparator.comparingDouble(p -> {
                        double seconds = new BrokerCpu(p).seconds();
                        return Double.isNaN(seconds) ? -1 : seconds;
                    }))
                    .orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
