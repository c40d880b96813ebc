package community.arrakis.gatewayproxy.worker.state;

import java.time.Duration;
import java.util.Optional;

/**
 * Cooldowns and short-lived sessions for handlers. Every entry expires by itself, so memory stays
 * bounded by what is live. In Redis the keys are {@code <prefix>cd:<command>:<user>} and
 * {@code <prefix>sess:<type>:<user>}.
 */
public interface StateStore {

    /**
     * Starts a cooldown of {@code length} for the user on the command, unless one is running.
     *
     * @return empty when the cooldown was started (the user may proceed), otherwise the time left
     *         of the running one
     */
    Optional<Duration> tryCooldown(String command, String userId, Duration length);

    /** Time left of a running cooldown; empty when none. */
    Optional<Duration> cooldownRemaining(String command, String userId);

    void clearCooldown(String command, String userId);

    /** Stores a session value (a wizard step, a pending choice) that expires after {@code ttl}. */
    void putSession(String type, String userId, String value, Duration ttl);

    Optional<String> session(String type, String userId);

    void deleteSession(String type, String userId);
}
