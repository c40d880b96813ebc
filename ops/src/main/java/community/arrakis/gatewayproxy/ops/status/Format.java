package community.arrakis.gatewayproxy.ops.status;

import java.time.Duration;
import java.util.Locale;

/** How the page writes numbers and durations: short, and rounded to what a person reads. */
final class Format {

    private Format() {
    }

    /** {@code 850 ms}, {@code 4.2 s}, {@code 12 s}, {@code 3 min 20 s}, {@code 2 h 5 min}, {@code 3 d 4 h}; {@code —} when null. */
    static String duration(Duration duration) {
        if (duration == null) {
            return "—";
        }
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        if (seconds < 86_400) {
            return (seconds / 3600) + " h" + ((seconds % 3600) / 60 == 0 ? "" : " " + (seconds % 3600) / 60 + " min");
        }
        return (seconds / 86_400) + " d" + ((seconds % 86_400) / 3600 == 0 ? "" : " " + (seconds % 86_400) / 3600 + " h");
    }

    /** Whole numbers without decimals, with thin grouping; others with one decimal ({@code 12.5}). */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "—";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%,.0f" : "%,.1f", value);
    }

    static String figure(Figure figure) {
        return number(figure.value()) + (figure.unit().isEmpty() ? "" : (figure.unit().startsWith("/") ? "" : " ") + figure.unit());
    }

    static String count(Long value) {
        return value == null ? "—" : number(value);
    }
}
