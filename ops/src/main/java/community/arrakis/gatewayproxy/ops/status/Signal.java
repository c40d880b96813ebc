package community.arrakis.gatewayproxy.ops.status;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One thing the process depends on (RabbitMQ, Redis, Discord) and how it is doing, in plain words.
 *
 * @param name   what it is, e.g. {@code RabbitMQ}
 * @param health how it is doing
 * @param detail what the person on call should know, e.g. {@code connection lost, reconnecting; 120 events held}
 */
public record Signal(String name, Health health, String detail) {
    public Signal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(health, "health");
        detail = detail == null ? "" : detail;
    }

    Signal redacted(UnaryOperator<String> redactor) {
        return new Signal(redactor.apply(name), health, redactor.apply(detail));
    }
}
