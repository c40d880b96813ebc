package community.arrakis.gatewayproxy.app.ops;

import community.arrakis.gatewayproxy.app.standalone.StandaloneBot;
import community.arrakis.gatewayproxy.discord.gateway.GatewayShard;
import community.arrakis.gatewayproxy.discord.gateway.ShardStatus;
import community.arrakis.gatewayproxy.ops.status.Figure;
import community.arrakis.gatewayproxy.ops.status.Health;
import community.arrakis.gatewayproxy.ops.status.ShardRow;
import community.arrakis.gatewayproxy.ops.status.Signal;
import community.arrakis.gatewayproxy.ops.status.StatusSnapshot;
import community.arrakis.gatewayproxy.ops.status.StatusSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The standalone bot's status page: its gateway shards (a shard that is not READY is degraded) and
 * the events waiting for a handler. It has no broker and, outside a migration, no Redis.
 */
final class StandaloneStatus implements StatusSource {

    private final StandaloneBot bot;
    private final Clock clock;
    private final Instant startedAt;

    StandaloneStatus(StandaloneBot bot, Clock clock) {
        this.bot = bot;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    @Override
    public StatusSnapshot snapshot() {
        List<GatewayShard> shards = bot.shards();
        List<ShardRow> rows = shards.stream().map(StandaloneStatus::row).toList();
        long ready = shards.stream().filter(s -> s.status() == ShardStatus.READY).count();
        Signal gateway = new Signal("Discord gateway", ready == shards.size() ? Health.HEALTHY : Health.DEGRADED,
                ready + " of " + shards.size() + " shard(s) READY");
        Figure queued = new Figure("events waiting for a handler", bot.queued(), "events", Health.HEALTHY,
                "in this process's queue (it dies with the process)");
        return new StatusSnapshot("standalone", shards.size() + " shard(s)", clock.instant(), startedAt,
                List.of(gateway), rows, List.of(queued), List.of(), List.of());
    }

    private static ShardRow row(GatewayShard shard) {
        boolean isReady = shard.status() == ShardStatus.READY;
        Duration rtt = shard.heartbeatRttMillis().isPresent() ? Duration.ofMillis(shard.heartbeatRttMillis().getAsLong()) : null;
        return new ShardRow(shard.shardId(), shard.status().name(), isReady ? Health.HEALTHY : Health.DEGRADED,
                null, rtt, 0, "");
    }
}
