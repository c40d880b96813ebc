package community.arrakis.gatewayproxy.simulator.rest;

import java.time.Duration;

/**
 * An injected REST failure: on requests matching {@code method} and {@code route} ("*" matches any),
 * with probability {@code rate}, answer with {@code kind} instead of the real handler.
 * {@code delay} is how long DELAY waits before the real answer and TIMEOUT before a 504, the
 * {@code retry_after} of RATE_LIMITED and GLOBAL_RATE_LIMITED, and the {@code Retry-After} header of
 * HTML_RATE_LIMITED (none when zero).
 */
public record RouteFault(String method, String route, Kind kind, double rate, Duration delay) {

    /** What the client gets instead of the real answer. */
    public enum Kind {
        /** 429, {@code X-RateLimit-Scope: shared}: a shared resource's limit; Discord does not count it as invalid. */
        RATE_LIMITED,
        /**
         * 429 of the global limit: {@code X-RateLimit-Global: true}, {@code X-RateLimit-Scope: global},
         * {@code {"message", "retry_after", "global": true}}. Fires only on routes the global limit
         * applies to (bot routes); interaction and webhook-token routes are exempt at Discord.
         */
        GLOBAL_RATE_LIMITED,
        /**
         * 429 from Cloudflare in front of Discord (per IP, any route): a {@code text/html} page, no
         * rate-limit headers, {@code Retry-After} in seconds only when {@code delay} is set.
         */
        HTML_RATE_LIMITED,
        /** 500 with Discord's JSON error body. */
        SERVER_ERROR,
        /** 502 with a JSON body. */
        BAD_GATEWAY,
        /** 502 from Cloudflare: a {@code text/html} page. */
        HTML_BAD_GATEWAY,
        /** 503 with a JSON body. */
        SERVICE_UNAVAILABLE,
        /** Waits {@code delay}, then the real answer. */
        DELAY,
        /** Holds the request for {@code delay} (30 s when zero), then 504. */
        TIMEOUT
    }

    public RouteFault {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("fault rate must be 0..1, was " + rate);
        }
        delay = delay == null ? Duration.ZERO : delay;
    }

    public static RouteFault always(String method, String route, Kind kind) {
        return new RouteFault(method, route, kind, 1.0, Duration.ZERO);
    }

    /** @param globalLimited whether Discord's global limit applies to the route (a global 429 is possible there) */
    boolean matches(String requestMethod, String requestRoute, boolean globalLimited) {
        return ("*".equals(method) || method.equalsIgnoreCase(requestMethod))
                && ("*".equals(route) || route.equals(requestRoute))
                && (kind != Kind.GLOBAL_RATE_LIMITED || globalLimited);
    }
}
