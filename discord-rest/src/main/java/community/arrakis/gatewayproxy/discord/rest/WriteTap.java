package community.arrakis.gatewayproxy.discord.rest;

import community.arrakis.gatewayproxy.discord.rest.route.CompiledRoute;
import java.util.Optional;

/**
 * Sees every write a {@link DiscordRestClient} makes (every method but {@code GET}), for a migration
 * from one bot to another: a live bot records what it sent, a shadow bot records what it would
 * have sent and sends nothing. Reads ({@code GET}) always go to Discord.
 *
 * <p>Runs on the calling thread; what it throws reaches the caller, so an implementation that only
 * observes must catch its own failures.
 */
public interface WriteTap {

    /** Sees nothing; every write is sent. The default. */
    WriteTap NONE = new WriteTap() { };

    /**
     * Before the write is sent. A present answer means: not sent, and the call returns this body
     * (an empty string for a 204-style answer) as if Discord had answered it.
     *
     * @param jsonBody null when the write has no body
     */
    default Optional<String> instead(CompiledRoute route, String jsonBody) {
        return Optional.empty();
    }

    /**
     * After a write was sent, with how it ended.
     *
     * @param status        the final HTTP status, or {@link ResponseListener#NO_ANSWER} when none came
     * @param latencyNanos  from the call to its end, waits for rate limits and retries included
     */
    default void sent(CompiledRoute route, String jsonBody, int status, long latencyNanos) {
    }
}
