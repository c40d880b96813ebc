package community.arrakis.gatewayproxy.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Discord ids: 42 bits of milliseconds since 2015-01-01, then worker, process and a 12-bit increment.
 *
 * <p>Worked example (the docs' test vector): {@code 175928847299117063 >> 22 = 41944705796};
 * adding the epoch {@code 1420070400000} gives {@code 1462015105796} ms, 2016-04-30T11:18:25.796Z.
 * Interaction ids are minted from the simulator clock, so a bot that computes its 3 s deadline from
 * the id, as Discord intends, sees the same deadline the simulator enforces.
 */
public final class Snowflake {
    public static final long DISCORD_EPOCH_MILLIS = 1_420_070_400_000L;

    private static final int WORKER = 1;
    private static final int PROCESS = 0;

    private final Clock clock;
    private final AtomicLong increment = new AtomicLong();

    public Snowflake(Clock clock) {
        this.clock = clock;
    }

    /** A fresh id whose timestamp is the clock's now. */
    public String next() {
        return Long.toUnsignedString(at(clock.millis(), increment.getAndIncrement()));
    }

    /** An id with the given timestamp; the increment keeps ids minted in the same millisecond apart. */
    public static long at(long epochMillis, long increment) {
        return ((epochMillis - DISCORD_EPOCH_MILLIS) << 22) | (WORKER << 17) | (PROCESS << 12) | (increment & 0xFFF);
    }

    public static Instant timestamp(String id) {
        return Instant.ofEpochMilli((Long.parseUnsignedLong(id) >>> 22) + DISCORD_EPOCH_MILLIS);
    }

    /** The shard that receives events of this guild: {@code (guild_id >> 22) % num_shards}. */
    public static int shardOf(String guildId, int shardCount) {
        return (int) Long.remainderUnsigned(Long.parseUnsignedLong(guildId) >>> 22, shardCount);
    }
}
