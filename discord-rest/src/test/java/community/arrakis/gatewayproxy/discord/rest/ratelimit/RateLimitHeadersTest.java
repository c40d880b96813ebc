package community.arrakis.gatewayproxy.discord.rest.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

    private static RateLimitHeaders parse(Map<String, String> headers) {
        TreeMap<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ci.putAll(headers);
        return RateLimitHeaders.parse(name -> Optional.ofNullable(ci.get(name)));
    }

    @Test
    void readsTheDocumentedHeaders() {
        RateLimitHeaders h = parse(Map.of("x-ratelimit-bucket", "abcd1234", "x-ratelimit-limit", "5",
                "x-ratelimit-remaining", "0", "x-ratelimit-reset-after", "64.57", "x-ratelimit-scope", "user",
                "retry-after", "65"));
        assertThat(h.bucket()).contains("abcd1234");
        assertThat(h.limit()).hasValue(5);
        assertThat(h.remaining()).hasValue(0);
        assertThat(h.resetAfter()).contains(Duration.ofMillis(64_570));
        assertThat(h.scope()).contains("user");
        assertThat(h.retryAfter()).contains(Duration.ofSeconds(65));
        assertThat(h.global()).isFalse();
    }

    @Test
    void globalHeaderMarksAGlobalLimit() {
        assertThat(parse(Map.of("X-RateLimit-Global", "true")).global()).isTrue();
    }

    @Test
    void missingOrGarbledHeadersAreEmpty() {
        RateLimitHeaders h = parse(Map.of("X-RateLimit-Remaining", "lots", "X-RateLimit-Reset-After", "soon"));
        assertThat(h.remaining()).isEmpty();
        assertThat(h.resetAfter()).isEmpty();
        assertThat(h.bucket()).isEmpty();
    }
}
