package community.arrakis.gatewayproxy.ops.status;

import java.time.Instant;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A WARN or ERROR line the process logged, already redacted.
 *
 * @param at      when it was logged (the last time, if it repeated)
 * @param level   {@code WARN} or {@code ERROR}
 * @param logger  the logger's short name
 * @param message the message, with the exception's class and message if any
 * @param repeats how many times in a row it was logged (1 unless the same line came again at once)
 */
public record LogLine(Instant at, String level, String logger, String message, int repeats) {
    public LogLine {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(level, "level");
        logger = logger == null ? "" : logger;
        message = message == null ? "" : message;
    }

    LogLine redacted(UnaryOperator<String> redactor) {
        return new LogLine(at, level, redactor.apply(logger), redactor.apply(message), repeats);
    }
}
