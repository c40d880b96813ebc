package community.arrakis.gatewayproxy.discord.rest;

/**
 * A call with a {@link CallDeadline} gave up without sending (again): its deadline came before an
 * attempt could start, or a rate limit or retry backoff would have kept it waiting past it. Not
 * retryable: the deadline is what the caller's clock allows, and it has passed. {@link #status()}
 * is the last answer's status (0 when none arrived or nothing was sent), and the cause the last
 * failure, if any.
 */
public final class SendDeadlinePassedException extends DiscordRestException {

    public SendDeadlinePassedException(String message, int lastStatus, String route, Throwable lastFailure) {
        super(message, lastStatus, 0, route, false);
        if (lastFailure != null) {
            initCause(lastFailure);
        }
    }
}
