package community.arrakis.gatewayproxy.simulator;

import java.time.Duration;

/**
 * REST rate limits the simulator enforces.
 *
 * @param enabled              off: no 429s and no rate-limit headers' decrement (headers still sent)
 * @param routeLimit           requests per bucket per {@code routeWindow} (Discord's typical 5 per 5 s)
 * @param routeWindow          bucket window
 * @param globalPerSecond      requests per second per bot across routes; interaction routes are exempt
 * @param invalidRequestLimit  401/403/429 responses per {@code invalidRequestWindow} before a ban
 * @param invalidRequestWindow window of the invalid-request count
 * @param banDuration          how long every request gets the ban answer
 */
public record RateLimitConfig(boolean enabled, int routeLimit, Duration routeWindow, int globalPerSecond,
                              int invalidRequestLimit, Duration invalidRequestWindow, Duration banDuration) {
    public static final int DEFAULT_ROUTE_LIMIT = 5;
    public static final Duration DEFAULT_ROUTE_WINDOW = Duration.ofSeconds(5);
    public static final int DEFAULT_GLOBAL_PER_SECOND = 50;
    public static final int DEFAULT_INVALID_REQUEST_LIMIT = 10_000;
    public static final Duration DEFAULT_INVALID_REQUEST_WINDOW = Duration.ofMinutes(10);
    public static final Duration DEFAULT_BAN_DURATION = Duration.ofMinutes(1);

    public RateLimitConfig {
        requirePositive("rateLimits.routeLimit", routeLimit);
        requirePositive("rateLimits.globalPerSecond", globalPerSecond);
        requirePositive("rateLimits.invalidRequestLimit", invalidRequestLimit);
        requirePositive("rateLimits.routeWindow", routeWindow);
        requirePositive("rateLimits.invalidRequestWindow", invalidRequestWindow);
        requirePositive("rateLimits.banDuration", banDuration);
    }

    public static RateLimitConfig defaults() {
        return new RateLimitConfig(true, DEFAULT_ROUTE_LIMIT, DEFAULT_ROUTE_WINDOW, DEFAULT_GLOBAL_PER_SECOND,
                DEFAULT_INVALID_REQUEST_LIMIT, DEFAULT_INVALID_REQUEST_WINDOW, DEFAULT_BAN_DURATION);
    }

    public static RateLimitConfig disabled() {
        return defaults().withEnabled(false);
    }

    public RateLimitConfig withEnabled(boolean value) {
        return new RateLimitConfig(value, routeLimit, routeWindow, globalPerSecond, invalidRequestLimit,
                invalidRequestWindow, banDuration);
    }

    public RateLimitConfig withRouteLimit(int limit, Duration window) {
        return new RateLimitConfig(enabled, limit, window, globalPerSecond, invalidRequestLimit,
                invalidRequestWindow, banDuration);
    }

    public RateLimitConfig withGlobalPerSecond(int value) {
        return new RateLimitConfig(enabled, routeLimit, routeWindow, value, invalidRequestLimit,
                invalidRequestWindow, banDuration);
    }

    public RateLimitConfig withInvalidRequestLimit(int limit, Duration window, Duration ban) {
        return new RateLimitConfig(enabled, routeLimit, routeWindow, globalPerSecond, limit, window, ban);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }
}
