package community.arrakis.gatewayproxy.worker.dispatch;

import community.arrakis.gatewayproxy.discord.rest.CallDeadline;
import community.arrakis.gatewayproxy.envelope.Snowflakes;
import java.time.Duration;
import java.time.Instant;

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
 *   <li>{@code firstResponseBy} = 12:00:03.000; {@code deferAt} = 03.000 − 1,000 = 12:00:02.000;
 *       {@code sendFirstBy} = 03.000 − 250 = 12:00:02.750, the last moment a first answer (or a
 *       retry of it) is sent: less than 250 ms is too little for a request to reach Discord.</li>
 *   <li>The handler replies at 00.900: in time, sent directly as a type-4 answer.</li>
 *   <li>Or the handler is still busy at 02.000: the worker sends a defer (type 5, or 6 for a
 *       component), which reaches Discord well before 03.000; the handler's reply at 05.300
 *       becomes an edit of the loading message, which works until 12:15:00.000.</li>
 *   <li>Or Discord answers the reply at 00.900 with a 502, and the next tries too: the REST client
 *       retries with backoff, each try waiting {@link #CALLBACK_ATTEMPT_TIMEOUT} at most for its
 *       answer, but starts none after 02.750; then the interaction is expired, not failed: nothing
 *       could answer it any more, a replay from the dead-letter queue included.</li>
 *   <li>Had it reached the worker at 12:00:02.800 (age 2,800 ms), fewer than 250 ms would remain:
 *       too little for any round trip to Discord, so it is expired on arrival — acknowledged,
 *       counted and logged once, and no handler runs.</li>
 *   <li>A follow-up at 12:15:00.001 is refused locally: Discord would answer 401 (50027).</li>
 * </ul>
 * Autocomplete has no defer, so only the first-response clock applies to it.
 */
public record InteractionDeadline(long createdAtMillis, long deferAtMillis, Duration minimumWindow) {

    public static final Duration FIRST_RESPONSE = Duration.ofSeconds(3);
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    /**
     * How long one attempt of a first answer waits for Discord's reply. Discord answers a callback
     * in a fraction of a second; one that takes a second is stuck, and giving up on it leaves time
     * for another try within the 3 s. Should the stuck one have arrived after all, the retry is
     * refused with 40060 ("already acknowledged"), which counts as answered.
     */
    public static final Duration CALLBACK_ATTEMPT_TIMEOUT = Duration.ofSeconds(1);

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

    /** The last moment a first answer, or a retry of one, is sent: {@code minimumWindow} before Discord's deadline. */
    public long sendFirstByMillis() {
        return firstResponseByMillis() - minimumWindow.toMillis();
    }

    /** Whether a first answer sent now could still arrive in time. */
    public boolean firstResponsePossible(long nowMillis) {
        return nowMillis < sendFirstByMillis();
    }

    /** The first answer's deadline for the REST client: no attempt after {@link #sendFirstByMillis()}. */
    public CallDeadline firstAnswerDeadline() {
        return new CallDeadline(Instant.ofEpochMilli(sendFirstByMillis()), CALLBACK_ATTEMPT_TIMEOUT);
    }

    public boolean tokenValid(long nowMillis) {
        return nowMillis < tokenValidUntilMillis();
    }

    /** Delay from now until the automatic defer is due (0 when already due). */
    public long millisUntilDefer(long nowMillis) {
        return Math.max(0, deferAtMillis - nowMillis);
    }
}
