package community.arrakis.gatewayproxy.worker.handler;

import java.util.Objects;

/**
 * One autocomplete suggestion: {@code name} is shown to the user (1..100 characters), {@code value}
 * is what the option receives (a string, or a number for INTEGER/NUMBER options).
 */
public record Choice(String name, Object value) {
    public Choice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || name.length() > 100) {
            throw new IllegalArgumentException("choice name must be 1..100 characters, was " + name.length());
        }
        if (!(value instanceof String || value instanceof Number)) {
            throw new IllegalArgumentException("choice value must be a String or a Number, was " + value.getClass().getName());
        }
    }

    public static Choice of(String nameAndValue) {
        return new Choice(nameAndValue, nameAndValue);
    }
}
