package community.arrakis.gatewayproxy.worker.dispatch;

import community.arrakis.gatewayproxy.envelope.Snowflakes;
import java.time.Duration;

/**
 * Discord's two clocks for one interaction, computed from the age its snowflake id gives.
 *
 * <ul>
 *   <li>The first answer must reach Discord within {@link #FIRST_RESPONSE} (3 s) of creation.</li>
 *   <li>The token then works for edits and follow-ups for {@link #TOKEN_LIFETIME} (15 min).</li>
 * </ul>
 *
 * <p>Worked example with the defaults (auto-defer margin 1,000 ms, minimum window 250 ms): an
 * interaction is created at 12:00:00.000 and reaches the worker at 12:00:00.400 (age 400 ms).
 * <ul>
 *   <li>{@code firstResponseBy} = 12:00:03.000; {@code deferAt} = 03.000 − 1,000 = 12:00:02.000.</li>
 *   <li>The handler replies at 00.900: in time, sent directly as a type-4 answer.</li>
 *   <li>Or the handler is still busy at 02.000: the worker sends a defer (type 5, or 6 for a
 *       component), which reaches Discord well before 03.000; the handler's reply at 05.300
 *       becomes an edit of the loading message, which works until 12:15:00.000.</li>
 *   <li>Had it reached the worker at 12:00:02.800 (age 2,800 ms), fewer than 250 ms would remain:
 *       too little for any round trip to Discord, so it is expired on arrival — acknowledged,
 *       counted and logged once, and no handler runs.</li>
 *   <li>A first answer the worker would only send at 12:00:02.800 is not sent: it needs
 *       {@link #SEND_MARGIN} (250 ms) to reach Discord in time.</li>
 *   <li>A follow-up at 12:15:00.001 is refused locally: Discord would answer 401 (50027).</li>
 * </ul>
 * Autocomplete has no defer, so only the first-response clock applies to it.
 */
public record InteractionDeadline(long createdAtMillis, long deferAtMillis, Duration minimumWindow) {

    public static final Duration FIRST_RESPONSE = Duration.ofSeconds(3);
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    /**
     * A first answer is sent only if it has at least this long to travel: Discord times the 3 s at
     * its end. Without it, an answer sent at 2,990 ms by a worker busy after an outage reached the
     * simulator after 3 s and was refused (10062) — sent late. Checked as the request leaves (after
     * the rate limiter's and any retry's waits); even from there, on a 2-core machine at load 6
     * after a broker restart, a request took more than 100 ms to be read by the simulator. The same
     * as the default minimum window on arrival: less is too little for the trip.
     */
    public static final Duration SEND_MARGIN = Duration.ofMillis(250);

    /**
     * @param interactionId   the interaction's snowflake
     * @param autoDeferMargin how long before the 3 s deadline an automatic defer is sent
     * @param minimumWindow   an interaction with less than this left on arrival is expired
     */
    public static InteractionDeadline of(String interactionId, Duration autoDeferMargin, Duration minimumWindow) {
        long created = Snowflakes.timestampMillis(interactionId);
        return new InteractionDeadline(created, created + FIRST_RESPONSE.toMillis() - autoDeferMargin.toMillis(), minimumWindow);
    }

    public long firstResponseByMillis() {
        return createdAtMillis + FIRST_RESPONSE.toMillis();
    }

    public long tokenValidUntilMillis() {
        return createdAtMillis + TOKEN_LIFETIME.toMillis();
    }

    public long ageMillis(long nowMillis) {
        return nowMillis - createdAtMillis;
    }

    /** Too little time left for a first answer to reach Discord. */
    public boolean expiredOnArrival(long nowMillis) {
        return firstResponseByMillis() - nowMillis < minimumWindow.toMillis();
    }

    /** Whether a first answer sent now could still arrive in time ({@link #SEND_MARGIN} before the deadline). */
    public boolean firstResponsePossible(long nowMillis) {
        return nowMillis < sendFirstByMillis();
    }

    /**
     * The last moment a first answer may leave: {@link #SEND_MARGIN} before the deadline. Checked
     * before the handler's answer and again as the request leaves, after whatever it waited for.
     */
    public long sendFirstByMillis() {
        return firstResponseByMillis() - SEND_MARGIN.toMillis();
    }

    public boolean tokenValid(long nowMillis) {
        return nowMillis < tokenValidUntilMillis();
    }

    /** Delay from now until the automatic defer is due (0 when already due). */
    public long millisUntilDefer(long nowMillis) {
        return Math.max(0, deferAtMillis - nowMillis);
    }
}
