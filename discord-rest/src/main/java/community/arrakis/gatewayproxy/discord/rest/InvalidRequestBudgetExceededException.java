package community.arrakis.gatewayproxy.discord.rest;

/**
 * The client refused a call because too many 401/403/429 responses came back in the last
 * 10 minutes; Discord bans the IP for an hour at 10,000. Not retryable now: whatever is causing
 * the errors (a revoked token, missing permissions, a rate-limit bug) needs attention first.
 */
public final class InvalidRequestBudgetExceededException extends DiscordRestException {
    public InvalidRequestBudgetExceededException(String route, long count, int limit) {
        super(route + " refused: " + count + " invalid (401/403/429) responses in the last 10 minutes reached the limit of "
                + limit + "; Discord bans the IP at 10,000", 0, 0, route, false);
    }
}
