package community.arrakis.gatewayproxy.discord.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryIdentifyLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Long> sleeps = new ArrayList<>();
    private final InMemoryIdentifyLimiter.Sleeper fakeSleep = nanos -> {
        sleeps.add(nanos);
        now.addAndGet(nanos);
    };

    @Test
    void spacesIdentifiesOfOneBucketByFiveSeconds() throws Exception {
        var limiter = new InMemoryIdentifyLimiter(1, Duration.ofSeconds(5), now::get, fakeSleep);
        limiter.acquire(0);
        limiter.acquire(1);
        limiter.acquire(2);
        assertThat(sleeps).containsExactly(5_000_000_000L, 5_000_000_000L);
    }

    @Test
    void shardsOfDifferentBucketsDoNotWaitForEachOther() throws Exception {
        var limiter = new InMemoryIdentifyLimiter(2, Duration.ofSeconds(5), now::get, fakeSleep);
        limiter.acquire(0);
        limiter.acquire(1);
        assertThat(sleeps).isEmpty();
        limiter.acquire(2); // bucket 0 again
        assertThat(sleeps).containsExactly(5_000_000_000L);
    }

    @Test
    void doesNotWaitOnceTheIntervalHasPassed() throws Exception {
        var limiter = new InMemoryIdentifyLimiter(1, Duration.ofSeconds(5), now::get, fakeSleep);
        limiter.acquire(0);
        now.addAndGet(6_000_000_000L);
        limiter.acquire(0);
        assertThat(sleeps).isEmpty();
    }
}
