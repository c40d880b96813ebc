package community.arrakis.gatewayproxy.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's resident set size as Linux reports it in {@code /proc/self/status}
 * ({@code VmRSS:  123456 kB}): what the kernel and a container's memory limit count, heap or not.
 * Micrometer has no binder for it on Linux; the JVM's own beans only see the heap and the pools.
 */
final class ResidentMemory {

    static final Path PROC_SELF_STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {
    }

    /** Whether this system has the file (Linux), i.e. whether the gauge can be served at all. */
    static boolean available() {
        return Files.isReadable(PROC_SELF_STATUS);
    }

    /** Bytes resident now, or NaN when the file cannot be read (Prometheus shows a gap, not a 0). */
    static double bytes() {
        try {
            OptionalLong bytes = parse(Files.readString(PROC_SELF_STATUS, StandardCharsets.US_ASCII));
            return bytes.isPresent() ? bytes.getAsLong() : Double.NaN;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The {@code VmRSS} line of a {@code /proc/<pid>/status} text, in bytes (the kernel writes kB = 1024 bytes). */
    static OptionalLong parse(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] fields = line.substring("VmRSS:".length()).trim().split("\\s+");
                if (fields.length == 2 && fields[1].equals("kB") && fields[0].chars().allMatch(Character::isDigit)) {
                    return OptionalLong.of(Long.parseLong(fields[0]) * 1024);
                }
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
