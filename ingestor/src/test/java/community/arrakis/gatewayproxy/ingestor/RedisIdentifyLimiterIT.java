package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.testkit.RedisKeys;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisIdentifyLimiterIT {

    private static final Duration WINDOW = Duration.ofMillis(1_000);
    private final RedisKeys keys = RedisKeys.unique("identify");
    private final String prefix = keys.prefix();
    private RedisClient client;
    private StatefulRedisConnection<String, String> processA;
    private StatefulRedisConnection<String, String> processB;

    @BeforeEach
    void connect() {
        client = RedisClient.create(SharedServices.REDIS_URL);
        processA = client.connect();
        processB = client.connect();
    }

    @AfterEach
    void cleanUp() {
        keys.deleteAll();
        processA.close();
        processB.close();
        client.shutdown();
    }

    @Test
    void twoProcessesNeverIdentifyTwoShardsOfOneBucketWithinTheWindow() throws Exception {
        // max_concurrency 2: buckets {0, 2, 4, 6} and {1, 3, 5, 7}; A owns 0-3, B owns 4-7.
        RedisIdentifyLimiter a = new RedisIdentifyLimiter(processA, prefix, 2, WINDOW);
        RedisIdentifyLimiter b = new RedisIdentifyLimiter(processB, prefix, 2, WINDOW);
        List<long[]> turns = new CopyOnWriteArrayList<>();
        long startedAt = System.nanoTime();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int shard = 0; shard < 8; shard++) {
            int id = shard;
            RedisIdentifyLimiter limiter = shard < 4 ? a : b;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    limiter.acquire(id);
                    turns.add(new long[] {id, System.nanoTime()});
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(20));
        }
        assertThat(turns).hasSize(8);
        Map<Long, List<Long>> byBucket = new ConcurrentHashMap<>();
        for (long[] turn : turns) {
            byBucket.computeIfAbsent(turn[0] % 2, k -> new CopyOnWriteArrayList<>()).add(turn[1]);
        }
        assertThat(byBucket).hasSize(2);
        for (List<Long> times : byBucket.values()) {
            List<Long> sorted = times.stream().sorted().toList();
            assertThat(sorted).hasSize(4);
            for (int i = 1; i < sorted.size(); i++) {
                // A return time lags its Redis grant by a scheduling delay, so pairwise gaps are
                // checked loosely here and the exact bound below.
                assertThat(Duration.ofNanos(sorted.get(i) - sorted.get(i - 1)))
                        .as("gap between identifies of one bucket").isGreaterThan(WINDOW.dividedBy(2));
            }
            // The first grant came after startedAt and each later one a full window after the one
            // before it, so the fourth cannot come before 3 windows have passed.
            assertThat(Duration.ofNanos(sorted.get(3) - startedAt)).isGreaterThanOrEqualTo(WINDOW.multipliedBy(3));
        }
    }

    /**
     * The wait is what is left of the holder's window, asked of Redis, not a guess: the sleeper here
     * records it and, instead of waiting, ends the holder's window, so the test takes no time and
     * the retry after the wait is sure to find the slot free.
     */
    @Test
    void aShardWhoseBucketIsTakenWaitsWhatIsLeftOfTheWindowThenTakesTheSlot() throws Exception {
        RedisIdentifyLimiter a = new RedisIdentifyLimiter(processA, prefix, 1, WINDOW);
        List<Duration> waits = new CopyOnWriteArrayList<>();
        RedisIdentifyLimiter b = new RedisIdentifyLimiter(processB, prefix, 1, WINDOW, wait -> {
            waits.add(wait);
            processA.sync().del(a.key(0)); // the holder's window ends
        });

        assertThat(a.tryAcquire(0)).as("a free slot").isZero();
        b.acquire(1);

        assertThat(waits).singleElement().satisfies(wait -> assertThat(wait)
                .isGreaterThan(WINDOW.dividedBy(2)).isLessThanOrEqualTo(WINDOW.plusMillis(5)));
        assertThat(processA.sync().get(a.key(1))).as("B holds the slot now").endsWith(":1");
    }
}
