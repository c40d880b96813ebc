package community.arrakis.gatewayproxy.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import community.arrakis.gatewayproxy.discord.rest.ratelimit.InMemoryRateLimitStore;
import community.arrakis.gatewayproxy.discord.rest.ratelimit.RateLimitStore;
import community.arrakis.gatewayproxy.worker.state.StateUnavailableException;
import ch.qos.logback.classic.Level;
import community.arrakis.gatewayproxy.testkit.LogCapture;
import community.arrakis.gatewayproxy.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FallbackRateLimitStoreTest {

    private static final int PER_SECOND = 40;
    /** The start of a wall-clock second, so that a burst stays inside one global window. */
    private static final long START_MILLIS = 1_767_225_600_000L;

    private final MutableClock clock = new MutableClock(START_MILLIS);
    private final SharedStore shared = new SharedStore();
    private final FallbackRateLimitStore store = new FallbackRateLimitStore(shared, clock);

    @Test
    void usesTheSharedStoreWhileItAnswers() {
        assertThat(store.tryAcquireGlobal(PER_SECOND, clock.instant())).isZero();
        store.update("bucket-a", 0, clock.instant().plusSeconds(2));

        assertThat(store.tryAcquire("bucket-a", clock.instant())).isEqualTo(Duration.ofSeconds(2));
        assertThat(shared.calls).hasValue(3);
        assertThat(store.fallingBack()).isFalse();
    }

    @Test
    void sharedStoreThatIsUnavailableFallsBackToLocalLimitsWithAQuarterOfTheGlobalLimit() {
        shared.down = true;
        Instant now = clock.instant();

        List<Duration> burst = new ArrayList<>();
        for (int i = 0; i < PER_SECOND; i++) {
            burst.add(store.tryAcquireGlobal(PER_SECOND, now));
        }

        int share = PER_SECOND / FallbackRateLimitStore.FALLBACK_GLOBAL_SHARE;
        assertThat(burst.subList(0, share)).as("the first %d in the second go", share).allMatch(Duration::isZero);
        assertThat(burst.subList(share, PER_SECOND)).as("the rest wait for the next second")
                .allMatch(wait -> wait.equals(Duration.ofSeconds(1)));
        assertThat(store.fallingBack()).isTrue();
        assertThat(shared.attempts).as("the shared store is not asked again before the retry time").hasValue(1);
    }

    @Test
    void tinyGlobalLimitStillLetsOneRequestPerSecondThroughLocally() {
        shared.down = true;
        Instant now = clock.instant();

        assertThat(store.tryAcquireGlobal(2, now)).isZero();
        assertThat(store.tryAcquireGlobal(2, now)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void goesBackToTheSharedStoreOnceRetrySharedAfterHasPassedAndItAnswers() {
        shared.down = true;
        store.tryAcquire("bucket-a", clock.instant());
        assertThat(store.fallingBack()).isTrue();
        shared.down = false;

        clock.advance(FallbackRateLimitStore.RETRY_SHARED_AFTER.minusMillis(1));
        store.tryAcquire("bucket-a", clock.instant());
        assertThat(shared.attempts).as("still local just before the retry time").hasValue(1);
        assertThat(store.fallingBack()).isTrue();

        clock.advance(Duration.ofMillis(1));
        store.tryAcquire("bucket-a", clock.instant());
        assertThat(shared.attempts).hasValue(2);
        assertThat(shared.calls).hasValue(1);
        assertThat(store.fallingBack()).isFalse();

        store.tryAcquire("bucket-a", clock.instant());
        assertThat(shared.calls).as("shared again for every call").hasValue(2);
    }

    @Test
    void sharedStoreStillDownAtTheRetryKeepsTheFallbackForAnotherInterval() {
        shared.down = true;
        store.tryAcquireGlobal(PER_SECOND, clock.instant());

        clock.advance(FallbackRateLimitStore.RETRY_SHARED_AFTER);
        store.tryAcquireGlobal(PER_SECOND, clock.instant());
        assertThat(shared.attempts).hasValue(2);
        assertThat(store.fallingBack()).isTrue();

        clock.advance(FallbackRateLimitStore.RETRY_SHARED_AFTER.minusMillis(1));
        store.tryAcquireGlobal(PER_SECOND, clock.instant());
        assertThat(shared.attempts).hasValue(2);

        shared.down = false;
        clock.advance(Duration.ofMillis(1));
        store.tryAcquireGlobal(PER_SECOND, clock.instant());
        assertThat(shared.attempts).hasValue(3);
        assertThat(store.fallingBack()).isFalse();
    }

    @Test
    void bucketHashesAndGlobalBlocksLearnedWhileSharedAreHonouredDuringTheFallback() {
        Instant blockedUntil = clock.instant().plusMillis(1_500);
        store.rememberDiscordBucket("GET /channels/{channel}", "abc123");
        store.blockGlobal(blockedUntil);

        shared.down = true;

        assertThat(store.discordBucket("GET /channels/{channel}")).contains("abc123");
        assertThat(store.tryAcquireGlobal(PER_SECOND, clock.instant())).isEqualTo(Duration.ofMillis(1_500));
        assertThat(store.fallingBack()).isTrue();
    }

    @Test
    void bucketLimitsAreLearnedLocallyDuringTheFallback() {
        shared.down = true;
        Instant now = clock.instant();

        store.update("bucket-a", 1, now.plusSeconds(3));

        assertThat(store.tryAcquire("bucket-a", now)).isZero();
        assertThat(store.tryAcquire("bucket-a", now)).isEqualTo(Duration.ofSeconds(3));
        assertThat(store.recordInvalidRequest(now, Duration.ofMinutes(10))).isEqualTo(1);
        assertThat(store.invalidRequests(now, Duration.ofMinutes(10))).isEqualTo(1);
    }

    @Test
    void otherFailuresOfTheSharedStorePassThroughWithoutAFallback() {
        shared.failure = new IllegalStateException("WRONGTYPE Operation against a key holding the wrong kind of value");

        assertThatThrownBy(() -> store.tryAcquireGlobal(PER_SECOND, clock.instant()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.fallingBack()).isFalse();
    }

    @Test
    void handlerThreadsMeetingTheOutageAtOnceLogItOnce() throws Exception {
        int threads = 8;
        shared.down = true;
        shared.together = new CountDownLatch(threads);
        try (LogCapture log = LogCapture.attach();
             ExecutorService handlers = Executors.newFixedThreadPool(threads)) {
            List<Future<Duration>> waits = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                waits.add(handlers.submit(() -> store.tryAcquire("bucket-a", clock.instant())));
            }
            for (Future<Duration> wait : waits) {
                assertThat(wait.get(10, TimeUnit.SECONDS)).isZero();
            }

            assertThat(shared.attempts).as("every thread asked the shared store while none had failed yet").hasValue(threads);
            assertThat(log.at(Level.WARN, FallbackRateLimitStore.class)).as("one WARN for one outage").hasSize(1);
        }
        assertThat(store.fallingBack()).isTrue();
    }

    /** A shared store that throws {@link StateUnavailableException} while {@link #down}. */
    private static final class SharedStore implements RateLimitStore {
        private final InMemoryRateLimitStore state = new InMemoryRateLimitStore();
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean down;
        volatile RuntimeException failure;
        /** When set, a call of a store that is down waits until this many calls are inside at once. */
        volatile CountDownLatch together;

        private void call() {
            attempts.incrementAndGet();
            CountDownLatch gate = together;
            if (down && gate != null) {
                gate.countDown();
                try {
                    gate.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (down) {
                throw new StateUnavailableException("RedisConnectionException: connection refused", null);
            }
            if (failure != null) {
                throw failure;
            }
            calls.incrementAndGet();
        }

        @Override
        public Optional<String> discordBucket(String routeKey) {
            call();
            return state.discordBucket(routeKey);
        }

        @Override
        public void rememberDiscordBucket(String routeKey, String discordBucket) {
            call();
            state.rememberDiscordBucket(routeKey, discordBucket);
        }

        @Override
        public Duration tryAcquire(String bucket, Instant now) {
            call();
            return state.tryAcquire(bucket, now);
        }

        @Override
        public void update(String bucket, int remaining, Instant resetAt) {
            call();
            state.update(bucket, remaining, resetAt);
        }

        @Override
        public Duration tryAcquireGlobal(int perSecond, Instant now) {
            call();
            return state.tryAcquireGlobal(perSecond, now);
        }

        @Override
        public void blockGlobal(Instant until) {
            call();
            state.blockGlobal(until);
        }

        @Override
        public long recordInvalidRequest(Instant now, Duration window) {
            call();
            return state.recordInvalidRequest(now, window);
        }

        @Override
        public long invalidRequests(Instant now, Duration window) {
            call();
            return state.invalidRequests(now, window);
        }

        @Override
        public void blockIp(Instant since, Instant until) {
            call();
            state.blockIp(since, until);
        }

        @Override
        public Duration tryPassIpBlock(Instant now) {
            call();
            return state.tryPassIpBlock(now);
        }

        @Override
        public void liftIpBlock(Instant sentAt) {
            call();
            state.liftIpBlock(sentAt);
        }
    }
}
