package community.arrakis.gatewayproxy.ops.status;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One number worth a glance: a rate or a count.
 *
 * @param name   what is counted, e.g. {@code events published}
 * @param value  the number
 * @param unit   e.g. {@code /s}, {@code events}; empty for a plain count
 * @param health {@link Health#HEALTHY} unless the number itself is a problem (interactions expiring)
 * @param note   over which window, or the total since start
 */
public record Figure(String name, double value, String unit, Health health, String note) {
    public Figure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(health, "health");
        unit = unit == null ? "" : unit;
        note = note == null ? "" : note;
    }

    Figure redacted(UnaryOperator<String> redactor) {
        return new Figure(redactor.apply(name), value, unit, health, redactor.apply(note));
    }
}
