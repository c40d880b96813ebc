package community.arrakis.gatewayproxy.simulator.rest;

import java.time.Duration;

/**
 * An injected REST failure: on requests matching {@code method} and {@code route} ("*" matches any),
 * with probability {@code rate}, answer with {@code kind} instead of the real handler.
 * {@code delay} is how long DELAY waits before the real answer and TIMEOUT before a 504.
 */
public record RouteFault(String method, String route, Kind kind, double rate, Duration delay) {
    public enum Kind { RATE_LIMITED, SERVER_ERROR, BAD_GATEWAY, SERVICE_UNAVAILABLE, DELAY, TIMEOUT }

    public RouteFault {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("fault rate must be 0..1, was " + rate);
        }
        delay = delay == null ? Duration.ZERO : delay;
    }

    public static RouteFault always(String method, String route, Kind kind) {
        return new RouteFault(method, route, kind, 1.0, Duration.ZERO);
    }

    boolean matches(String requestMethod, String requestRoute) {
        return ("*".equals(method) || method.equalsIgnoreCase(requestMethod))
                && ("*".equals(route) || route.equals(requestRoute));
    }
}
