package community.arrakis.gatewayproxy.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Removes every key under a prefix: what a run that keeps its keys under a prefix of its own (the
 * demo, a benchmark) leaves behind on a Redis that others share. Keys are found with {@code SCAN},
 * a page at a time, never {@code KEYS}, which would block that Redis for everyone while it walks
 * the whole keyspace.
 */
public final class RedisKeyPrefix {

    private static final int PAGE = 1_000;

    private RedisKeyPrefix() {
    }

    /** @return how many keys were deleted */
    public static long deleteAll(RedisCommands<String, String> redis, String prefix) {
        long deleted = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(glob(prefix) + "*").limit(PAGE));
            if (!page.getKeys().isEmpty()) {
                deleted += redis.del(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return deleted;
    }

    /** The prefix as a SCAN pattern that matches it literally. */
    static String glob(String literal) {
        return literal.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
    }
}
