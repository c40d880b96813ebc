package community.arrakis.gatewayproxy.discord.rest;

/**
 * Discord answered with an error (or did not answer). Carries the HTTP status, Discord's JSON
 * error code (0 when none) and whether retrying the same request could succeed.
 */
public class DiscordRestException extends RuntimeException {
    private final int status;
    private final int code;
    private final String route;
    private final boolean retryable;

    public DiscordRestException(String message, int status, int code, String route, boolean retryable) {
        super(message);
        this.status = status;
        this.code = code;
        this.route = route;
        this.retryable = retryable;
    }

    public DiscordRestException(String message, String route, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = 0;
        this.route = route;
        this.retryable = true;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** Discord's JSON error code, e.g. 10062 Unknown interaction; 0 when none. */
    public int code() {
        return code;
    }

    /** The route template, e.g. {@code POST /interactions/{id}/{token}/callback} (no secrets). */
    public String route() {
        return route;
    }

    public boolean retryable() {
        return retryable;
    }
}
