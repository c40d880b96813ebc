package community.arrakis.gatewayproxy.discord.rest;

import community.arrakis.gatewayproxy.discord.rest.route.Route;

/**
 * Told of every attempt's outcome, the retried ones included (a 429 the client waited out and sent
 * again is one call to the caller but two answers here), so a metric can show the rate limits the
 * client met, by route. Runs on the calling thread after each attempt: it must be quick, and what
 * it throws is ignored.
 */
@FunctionalInterface
public interface ResponseListener {

    /** Listens to nothing; the default. */
    ResponseListener NONE = (route, status) -> { };

    /** The status that stands for "no answer": refused, reset or timed out. */
    int NO_ANSWER = 0;

    /**
     * @param route  the route's template (never the filled-in path, which may hold a token)
     * @param status the HTTP status, or {@link #NO_ANSWER}
     */
    void answered(Route route, int status);
}
