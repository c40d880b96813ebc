package community.arrakis.gatewayproxy.simulator.gateway;

import community.arrakis.gatewayproxy.simulator.Snowflake;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.World;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Decides whether an IDENTIFY starts a session: token, shard, intents, then the two identify limits.
 *
 * <p>Concurrency worked example with {@code max_concurrency = 2} and a 5 s window: shards 0 and 1
 * identify at t=0 (buckets 0 and 1); shard 2 (bucket 0) at t=1 s is throttled with op 9, and is
 * accepted from t=5 s. Each accepted identify also takes one from the daily session-start budget,
 * which {@code GET /gateway/bot} reports as {@code remaining}; RESUMEs take nothing.
 */
public final class IdentifyGate {
    private static final long DAY_MILLIS = 24L * 60 * 60 * 1000;

    private final SimulatorConfig config;
    private final World world;
    private final Clock clock;
    private final long[] lastIdentifyMillis;
    private final SecureRandom random = new SecureRandom();
    private int remaining;
    private long budgetWindowStartMillis;

    public IdentifyGate(SimulatorConfig config, World world, Clock clock) {
        this.config = config;
        this.world = world;
        this.clock = clock;
        this.lastIdentifyMillis = new long[config.maxConcurrency()];
        java.util.Arrays.fill(lastIdentifyMillis, Long.MIN_VALUE / 2);
        this.remaining = config.sessionStartLimit();
        this.budgetWindowStartMillis = clock.millis();
    }

    public IdentifyVerdict check(IdentifyRequest request) {
        if (!config.botToken().equals(request.token())) {
            return new IdentifyVerdict.Rejected(CloseCode.AUTHENTICATION_FAILED);
        }
        if (request.shardCount() < 1 || request.shardId() < 0 || request.shardId() >= request.shardCount()) {
            return new IdentifyVerdict.Rejected(CloseCode.INVALID_SHARD);
        }
        long guildsOnShard = world.guilds().stream()
                .filter(g -> Snowflake.shardOf(g.id(), request.shardCount()) == request.shardId()).count();
        if (guildsOnShard > config.maxGuildsPerShard()) {
            return new IdentifyVerdict.Rejected(CloseCode.SHARDING_REQUIRED);
        }
        if ((request.intents() & ~Intents.DEFINED) != 0 || request.intents() < 0) {
            return new IdentifyVerdict.Rejected(CloseCode.INVALID_INTENTS);
        }
        if ((request.intents() & Intents.PRIVILEGED & ~config.privilegedIntents()) != 0) {
            return new IdentifyVerdict.Rejected(CloseCode.DISALLOWED_INTENTS);
        }
        return takeIdentifySlot(request.shardId())
                ? new IdentifyVerdict.Accepted(request, newSessionId())
                : new IdentifyVerdict.Throttled();
    }

    private synchronized boolean takeIdentifySlot(int shardId) {
        long now = clock.millis();
        refreshBudget(now);
        int bucket = shardId % lastIdentifyMillis.length;
        if (remaining <= 0 || now - lastIdentifyMillis[bucket] < config.identifyWindow().toMillis()) {
            return false;
        }
        lastIdentifyMillis[bucket] = now;
        remaining--;
        return true;
    }

    /** {@code session_start_limit} as GET /gateway/bot reports it. */
    public synchronized SessionStartLimit sessionStartLimit() {
        long now = clock.millis();
        refreshBudget(now);
        return new SessionStartLimit(config.sessionStartLimit(), remaining,
                DAY_MILLIS - (now - budgetWindowStartMillis), config.maxConcurrency());
    }

    private void refreshBudget(long now) {
        if (now - budgetWindowStartMillis >= DAY_MILLIS) {
            budgetWindowStartMillis = now;
            remaining = config.sessionStartLimit();
        }
    }

    private String newSessionId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public record SessionStartLimit(int total, int remaining, long resetAfterMillis, int maxConcurrency) { }
}
