package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.ops.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code redis} entry of the ingestor's {@code /health/ready}.
 *
 * <p>Decision: Redis being unreachable does not, by itself, make the ingestor not ready, so this
 * check is always healthy. Readiness means "forwarding events", and a READY shard forwards without
 * Redis; an orchestrator that took a not-ready ingestor out of service, or restarted it, would
 * throw away sessions that are working, and a restart while Redis is down could not even read a
 * checkpoint. Every check counts for readiness ({@code OpsServer}), so the outage is reported in
 * this check's details instead: {@code "state": "unreachable: checkpoints held in memory"}, for
 * how long, why, and which shards wait for it to identify. What Redis does gate is a new
 * session: a shard that must identify waits for a slot, and that shard's own check is DOWN
 * ({@code "waitingFor": "Redis to identify"}), which makes the ingestor not ready for as long as
 * it waits, as any shard without a session does.
 */
final class RedisHealthCheck implements HealthCheck {

    static final String REACHABLE = "reachable";
    static final String UNREACHABLE = "unreachable: checkpoints held in memory";

    private final RedisAvailability redis;
    private final List<ShardSupervisor> shards;
    private final Clock clock;

    RedisHealthCheck(RedisAvailability redis, List<ShardSupervisor> shards, Clock clock) {
        this.redis = redis;
        this.shards = shards;
        this.clock = clock;
    }

    @Override
    public Result check() {
        Map<String, Object> details = new LinkedHashMap<>();
        if (redis.state() instanceof RedisAvailability.State.Unreachable unreachable) {
            details.put("state", UNREACHABLE);
            details.put("unreachableForMs", Duration.between(unreachable.since(), clock.instant()).toMillis());
            details.put("reason", unreachable.reason());
            details.put("shardsWaitingToIdentify", shards.stream().filter(ShardSupervisor::waitingForRedisToIdentify)
                    .map(ShardSupervisor::shardId).toList());
        } else {
            details.put("state", REACHABLE);
        }
        return Result.up(details);
    }
}
