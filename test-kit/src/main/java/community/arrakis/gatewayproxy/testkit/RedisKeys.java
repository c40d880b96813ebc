package community.arrakis.gatewayproxy.testkit;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

/**
 * A Redis key prefix of a test's own on the machine's shared Redis ({@link SharedServices#REDIS_URL}),
 * and the removal of every key under it when the test is done:
 *
 * <pre>{@code
 * private final RedisKeys keys = RedisKeys.unique("WorkerIT");      // "it-WorkerIT-1f3a9c0e:"
 * ... config.withRedisKeyPrefix(keys.prefix()) ...
 * assertThat(keys.get("evt:" + eventId)).isEqualTo("done");
 * @AfterEach void cleanUp() { keys.deleteAll(); }
 * }</pre>
 *
 * Keys are found with {@code SCAN}, never {@code KEYS}, which would block a Redis other tests use.
 * Each call opens and closes a connection of its own: these are set-up and clean-up calls, not
 * the code under test. (The demo and the benchmarks clean up the same way with
 * {@code redis/…/RedisKeyPrefix}, which the test kit cannot use: it depends on no module of ours,
 * since all of them use it in their tests.)
 */
public final class RedisKeys implements AutoCloseable {

    private final String redisUrl;
    private final String prefix;

    private RedisKeys(String redisUrl, String prefix) {
        this.redisUrl = redisUrl;
        this.prefix = prefix;
    }

    /** {@code it-<owner>-<8 random hex>:} on the shared Redis; {@code owner} is usually the test class. */
    public static RedisKeys unique(String owner) {
        return new RedisKeys(SharedServices.REDIS_URL, "it-" + owner + "-" + UUID.randomUUID().toString().substring(0, 8) + ":");
    }

    /** A prefix chosen by the caller (a fixture that shares one id between its topology and its keys). */
    public static RedisKeys of(String prefix) {
        return new RedisKeys(SharedServices.REDIS_URL, prefix);
    }

    public String prefix() {
        return prefix;
    }

    /** The Redis these keys are on. */
    public String url() {
        return redisUrl;
    }

    /** The value of the string key {@code prefix() + suffix}, or null. */
    public String get(String suffix) {
        return withConnection(connection -> connection.sync().get(prefix + suffix));
    }

    /** Deletes every key under the prefix; returns how many there were. */
    public long deleteAll() {
        return withConnection(connection -> {
            long deleted = 0;
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection.sync().scan(cursor,
                        ScanArgs.Builder.matches(glob(prefix) + "*").limit(1_000));
                if (!page.getKeys().isEmpty()) {
                    deleted += connection.sync().del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return deleted;
        });
    }

    /** {@link #deleteAll()}, for try-with-resources. */
    @Override
    public void close() {
        deleteAll();
    }

    private <T> T withConnection(Function<StatefulRedisConnection<String, String>, T> work) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return work.apply(connection);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    /** The prefix as a SCAN pattern that matches it literally. */
    private static String glob(String literal) {
        return literal.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
    }
}
