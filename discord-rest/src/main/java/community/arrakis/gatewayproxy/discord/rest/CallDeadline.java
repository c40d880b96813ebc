package community.arrakis.gatewayproxy.discord.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a call stops being of use, for calls with a clock of their own: an interaction's first
 * answer must reach Discord within 3 s of its creation.
 *
 * <p>No attempt, first or retry, starts at or after {@code sendBy}; no wait for a rate limit or a
 * retry backoff is begun that would end after it (the call fails at once with {@link
 * SendDeadlinePassedException} instead); and each attempt waits at most {@code attemptTimeout} for
 * its answer (or the client's request timeout, if shorter), so that an attempt stuck on a silent
 * server leaves time for another one.
 *
 * @param sendBy         the last instant an attempt may start
 * @param attemptTimeout how long one attempt waits for its answer at most
 */
public record CallDeadline(Instant sendBy, Duration attemptTimeout) {

    public CallDeadline {
        Objects.requireNonNull(sendBy, "sendBy");
        if (attemptTimeout == null || attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("attemptTimeout must be a positive duration, was " + attemptTimeout);
        }
    }

    /** Whether an attempt may start at {@code now}. */
    public boolean allowsAttemptAt(Instant now) {
        return now.isBefore(sendBy);
    }

    /** Whether a wait of {@code wait} from {@code now} still ends before {@link #sendBy}. */
    public boolean allowsWait(Instant now, Duration wait) {
        return now.plus(wait).isBefore(sendBy);
    }
}
