package community.arrakis.gatewayproxy.discord.rest.ratelimit;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The rate-limit headers of one response (Discord's "Rate Limits" docs, "Header Format"). Absent or
 * unreadable headers are empty: Discord leaves them out on some routes and errors, and a bad header
 * must not fail a call.
 *
 * @param bucket     {@code X-RateLimit-Bucket}, Discord's opaque bucket hash
 * @param limit      {@code X-RateLimit-Limit}
 * @param remaining  {@code X-RateLimit-Remaining}
 * @param resetAfter {@code X-RateLimit-Reset-After} (seconds with decimals)
 * @param global     {@code X-RateLimit-Global} present (on a global 429)
 * @param scope      {@code X-RateLimit-Scope}: user, global or shared (on 429s)
 * @param retryAfter {@code Retry-After} (seconds)
 */
public record RateLimitHeaders(Optional<String> bucket, OptionalInt limit, OptionalInt remaining,
                               Optional<Duration> resetAfter, boolean global, Optional<String> scope,
                               Optional<Duration> retryAfter) {

    /** @param header a header's first value by (case-insensitive) name, e.g. {@code HttpHeaders::firstValue} */
    public static RateLimitHeaders parse(Function<String, Optional<String>> header) {
        return new RateLimitHeaders(
                header.apply("X-RateLimit-Bucket").map(String::trim).filter(s -> !s.isEmpty()),
                integer(header.apply("X-RateLimit-Limit")),
                integer(header.apply("X-RateLimit-Remaining")),
                seconds(header.apply("X-RateLimit-Reset-After")),
                header.apply("X-RateLimit-Global").map(v -> !v.equalsIgnoreCase("false")).orElse(false),
                header.apply("X-RateLimit-Scope").map(String::trim),
                seconds(header.apply("Retry-After")));
    }

    /** Seconds with decimals ({@code "1.234"}) to a duration, rounded up to the millisecond. */
    static Optional<Duration> seconds(Optional<String> value) {
        try {
            return value.map(String::trim).map(Double::parseDouble).filter(d -> d >= 0 && !d.isInfinite())
                    .map(d -> Duration.ofMillis((long) Math.ceil(d * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static OptionalInt integer(Optional<String> value) {
        try {
            return value.isPresent() ? OptionalInt.of(Integer.parseInt(value.get().trim())) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
