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

    /**
     * How much a counter grew over {@code window}'s span: {@code ifAny} when it grew at all (an
     * expiry, a dead letter), with the total since start in the note.
     */
    public static Figure recent(String name, CounterWindow window, double total, Health ifAny, String meaning) {
        CounterWindow.Increase increase = window.observe(total);
        return new Figure(name, increase.amount(), "", increase.amount() > 0 ? ifAny : Health.HEALTHY,
                "in the last " + increase.over().toSeconds() + " s, " + (long) total + " since start; " + meaning);
    }

    Figure redacted(UnaryOperator<String> redactor) {
        return new Figure(redactor.apply(name), value, unit, health, redactor.apply(note));
    }
}
