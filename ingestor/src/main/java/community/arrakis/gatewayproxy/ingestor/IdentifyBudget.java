package community.arrakis.gatewayproxy.ingestor;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Guards Discord's daily identify budget ({@code session_start_limit}: 1,000 per 24 h for most bots;
 * running out ends every session and resets the bot's token). Starts from what
 * {@code GET /gateway/bot} reported, counts every identify this process makes, and refuses new
 * sessions once only the reserve is left, so a reconnect loop cannot spend the last of it.
 * Resumes cost nothing and are always allowed.
 */
final class IdentifyBudget {

    private final int reserve;
    private final Clock clock;
    private int total;
    private int remaining;
    private Instant resetsAt;

    IdentifyBudget(int total, int remaining, long resetAfterMillis, int reserve, Clock clock) {
        this.reserve = reserve;
        this.clock = clock;
        refresh(total, remaining, resetAfterMillis);
    }

    synchronized void refresh(int newTotal, int newRemaining, long resetAfterMillis) {
        this.total = newTotal;
        this.remaining = newRemaining;
        this.resetsAt = clock.instant().plusMillis(resetAfterMillis);
    }

    /** Whether a new session may be started now. */
    synchronized boolean allowsIdentify() {
        if (!clock.instant().isBefore(resetsAt)) {
            return true;
        }
        return remaining > reserve;
    }

    synchronized void identified() {
        if (remaining > 0) {
            remaining--;
        }
    }

    synchronized int remaining() {
        return remaining;
    }

    synchronized long resetAfterMillis() {
        return Math.max(0, resetsAt.toEpochMilli() - clock.millis());
    }

    synchronized Map<String, Object> describe() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("total", total);
        details.put("remaining", remaining);
        details.put("reserve", reserve);
        details.put("resetAfterMs", resetAfterMillis());
        return details;
    }
}
