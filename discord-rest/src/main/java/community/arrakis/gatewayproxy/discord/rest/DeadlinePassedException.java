package community.arrakis.gatewayproxy.discord.rest;

import java.time.Duration;
import java.time.Instant;

/**
 * A call with a deadline was not sent: the moment it would have left (after waiting for a rate
 * limit, or before a retry) was past the time the caller gave. Nothing of this attempt reached
 * Discord. Not retryable: the deadline stays passed.
 */
public final class DeadlinePassedException extends DiscordRestException {
    public DeadlinePassedException(String route, Instant sendBy, Instant now) {
        super(route + " not sent: it had to leave by " + sendBy + ", " + Duration.between(sendBy, now).toMillis()
                + " ms ago", 0, 0, route, false);
    }
}
