package community.arrakis.gatewayproxy.ingestor;

import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.ConfirmingPublisher;
import community.arrakis.gatewayproxy.broker.QueueDepths;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.ops.HealthCheck;
import community.arrakis.gatewayproxy.ops.status.CounterWindow;
import community.arrakis.gatewayproxy.ops.status.Figure;
import community.arrakis.gatewayproxy.ops.status.Health;
import community.arrakis.gatewayproxy.ops.status.QueueRow;
import community.arrakis.gatewayproxy.ops.status.ShardRow;
import community.arrakis.gatewayproxy.ops.status.Signal;
import community.arrakis.gatewayproxy.ops.status.StatusSnapshot;
import community.arrakis.gatewayproxy.ops.status.StatusSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ingestor's status page ({@code GET /} of its ops port): each shard as its health check
 * reports it, RabbitMQ, Redis and Discord as the ingestor sees them, its publishing rates, and
 * the queues it feeds.
 *
 * <p>What each state means for the verdict: a READY shard is healthy unless silent; a shard that
 * Discord stopped for good (a fatal close code, {@code stoppedBecause}) is down, since only a
 * person can bring it back; any other shard state (connecting, resuming, paused for the broker,
 * waiting for an identify slot) is degraded, as it comes back by itself. The broker not taking
 * events is down: nothing reaches the workers. Redis away is degraded: events flow, checkpoints
 * wait in memory. An interactions queue nobody consumes is down (no answer will come); more
 * than {@link QueueRow#INTERACTIONS_BACKLOG} waiting is degraded, the runbook's alert threshold.
 */
final class IngestorStatus implements StatusSource {

    /** The rates are over about this long (see {@link CounterWindow}). */
    static final Duration RATE_WINDOW = Duration.ofSeconds(60);
    /** Below this many identifies left the budget is worth a look (the runbook's alert). */
    static final int IDENTIFY_BUDGET_LOW = 100;

    private final String instance;
    private final List<ShardSupervisor> shards;
    private final Connection broker;
    private final ConfirmingPublisher publisher;
    private final int maxBufferedPerShard;
    private final RedisAvailability redis;
    private final IdentifyBudget budget;
    private final IngestorMetrics metrics;
    private final QueueDepths queues;
    private final Topology topology;
    private final Clock clock;
    private final Instant startedAt;
    private final CounterWindow received;
    private final CounterWindow published;
    private final CounterWindow republished;
    private final CounterWindow unroutable;
    private final CounterWindow deadLettered;

    IngestorStatus(String instance, List<ShardSupervisor> shards, Connection broker, ConfirmingPublisher publisher,
                   int maxBufferedPerShard, RedisAvailability redis, IdentifyBudget budget, IngestorMetrics metrics,
                   QueueDepths queues, Topology topology, Clock clock) {
        this.instance = instance;
        this.shards = shards;
        this.broker = broker;
        this.publisher = publisher;
        this.maxBufferedPerShard = maxBufferedPerShard;
        this.redis = redis;
        this.budget = budget;
        this.metrics = metrics;
        this.queues = queues;
        this.topology = topology;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.received = window(IngestorMetrics.EVENTS_RECEIVED);
        this.published = window(IngestorMetrics.EVENTS_PUBLISHED);
        this.republished = window(IngestorMetrics.EVENTS_REPUBLISHED);
        this.unroutable = window(IngestorMetrics.EVENTS_UNROUTABLE);
        this.deadLettered = window(IngestorMetrics.EVENTS_DEAD_LETTERED);
    }

    private CounterWindow window(String counter) {
        return new CounterWindow(RATE_WINDOW, clock, metrics.total(counter));
    }

    @Override
    public StatusSnapshot snapshot() {
        List<ShardRow> rows = shards.stream().map(IngestorStatus::row).toList();
        return new StatusSnapshot("ingestor", instance, clock.instant(), startedAt,
                List.of(brokerSignal(), redisSignal(), discordSignal(rows)), rows, figures(), queueRows(), List.of());
    }

    /** A shard as its {@code /health/ready} entry describes it (the keys docs/runbook.md lists). */
    static ShardRow row(ShardSupervisor shard) {
        HealthCheck.Result result = shard.health();
        Map<String, Object> details = result.details();
        String state = String.valueOf(details.getOrDefault("state", "UNKNOWN"));
        Duration lastEvent = millis(details.get("lastEventAgeMs"));
        Health health;
        String note;
        if (result.healthy()) {
            boolean silent = Boolean.TRUE.equals(details.get("silent"));
            health = silent ? Health.DEGRADED : Health.HEALTHY;
            note = silent ? "silent: nothing received although READY" : "";
        } else if ("STOPPED".equals(state)) {
            health = Health.DOWN;
            Object why = details.get("stoppedBecause");
            note = why == null ? "stopped" : why.toString();
        } else {
            health = Health.DEGRADED;
            Object waiting = details.get("waitingFor");
            note = waiting == null ? "" : "waiting for " + waiting;
        }
        Object held = details.get("buffered");
        return new ShardRow(shard.shardId(), state, health, lastEvent, millis(details.get("heartbeatRttMs")),
                held instanceof Number n ? n.longValue() : 0, note);
    }

    private static Duration millis(Object value) {
        return value instanceof Number n ? Duration.ofMillis(n.longValue()) : null;
    }

    private Signal brokerSignal() {
        int held = publisher.buffered();
        if (!broker.isOpen()) {
            return new Signal("RabbitMQ", Health.DOWN, "connection lost, reconnecting every "
                    + BrokerConnections.RECOVERY_INTERVAL.toMillis() + " ms; " + held + " events held, shards pause at "
                    + maxBufferedPerShard + " each (resumably)");
        }
        if (!publisher.isWritable()) {
            return new Signal("RabbitMQ", Health.DOWN, "connected but not taking events (a memory or disk alarm "
                    + "blocks publishing, or the channel is recovering); " + held + " events held");
        }
        return new Signal("RabbitMQ", Health.HEALTHY, "connected, publishing; " + held + " events awaiting confirms");
    }

    private Signal redisSignal() {
        if (redis.state() instanceof RedisAvailability.State.Unreachable down) {
            List<Integer> waiting = shards.stream().filter(ShardSupervisor::waitingForRedisToIdentify)
                    .map(ShardSupervisor::shardId).toList();
            return new Signal("Redis", Health.DEGRADED, "unreachable for "
                    + Duration.between(down.since(), clock.instant()).toSeconds() + " s (" + down.reason()
                    + "): events flow, checkpoints are held in memory"
                    + (waiting.isEmpty() ? "" : "; shards " + waiting + " wait for it to identify"));
        }
        return new Signal("Redis", Health.HEALTHY, "reachable; checkpoints and identify slots up to date");
    }

    private Signal discordSignal(List<ShardRow> rows) {
        long ready = rows.stream().filter(r -> "READY".equals(r.state())).count();
        Map<String, Object> identify = budget.describe();
        int remaining = budget.remaining();
        Duration reset = Duration.ofMillis(((Number) identify.get("resetAfterMs")).longValue());
        String detail = ready + " of " + rows.size() + " shards READY; identify budget " + remaining + " of "
                + identify.get("total") + " left (reserve " + identify.get("reserve") + "), resets in "
                + reset.toHours() + " h " + reset.toMinutesPart() + " min";
        Health health = !budget.allowsIdentify() ? Health.DOWN
                : remaining < IDENTIFY_BUDGET_LOW ? Health.DEGRADED : Health.HEALTHY;
        if (health == Health.DOWN) {
            detail += ": no new session can start until it resets";
        } else if (health == Health.DEGRADED) {
            detail += ": a reconnect loop may be spending it";
        }
        return new Signal("Discord gateway", health, detail);
    }

    private List<Figure> figures() {
        List<Figure> figures = new ArrayList<>();
        figures.add(rate("events received", received, IngestorMetrics.EVENTS_RECEIVED));
        figures.add(rate("events published", published, IngestorMetrics.EVENTS_PUBLISHED));
        figures.add(new Figure("awaiting broker confirms", publisher.buffered(), "events", Health.HEALTHY, "held until confirmed"));
        figures.add(recent("republished", republished, IngestorMetrics.EVENTS_REPUBLISHED, Health.HEALTHY,
                "sent again after a connection loss"));
        figures.add(recent("unroutable", unroutable, IngestorMetrics.EVENTS_UNROUTABLE, Health.DEGRADED,
                "no queue took them: a binding is missing (topology verify)"));
        figures.add(recent("dead-lettered", deadLettered, IngestorMetrics.EVENTS_DEAD_LETTERED, Health.DEGRADED,
                "malformed dispatches, in the DLQ with their reason"));
        return figures;
    }

    private Figure rate(String name, CounterWindow window, String counter) {
        CounterWindow.Increase increase = window.observe(metrics.total(counter));
        return new Figure(name, Math.round(increase.perSecond() * 10) / 10.0, "/s", Health.HEALTHY,
                "over the last " + increase.over().toSeconds() + " s");
    }

    /** How many in the last window; {@code ifAny} when there were some. */
    private Figure recent(String name, CounterWindow window, String counter, Health ifAny, String meaning) {
        return Figure.recent(name, window, metrics.total(counter), ifAny, meaning);
    }

    private List<QueueRow> queueRows() {
        Optional<QueueDepths.Reading> reading = queues.read(QueueDepths.PAGE_MAX_AGE, QueueDepths.PAGE_MAX_WAIT);
        List<QueueRow> rows = new ArrayList<>();
        rows.add(queueRow(reading, topology.interactionsQueue(),
                d -> QueueRow.consumed(d.queue(), d.messages(), d.consumers(), QueueRow.INTERACTIONS_BACKLOG)));
        for (String partition : topology.guildPartitionQueues()) {
            rows.add(queueRow(reading, partition,
                    d -> QueueRow.consumed(d.queue(), d.messages(), d.consumers(), QueueRow.GUILD_EVENTS_BACKLOG)));
        }
        rows.add(queueRow(reading, topology.deadLetterQueue(),
                d -> QueueRow.deadLetters(d.queue(), d.messages(), d.consumers())));
        return rows;
    }

    private QueueRow queueRow(Optional<QueueDepths.Reading> reading, String queue,
                              Function<QueueDepths.Depth, QueueRow> assess) {
        return QueueRow.fromAnswer(queue, reading.map(QueueDepths.Reading::at),
                reading.flatMap(r -> r.of(queue)).map(assess), reading.map(QueueDepths.Reading::problem).orElse(null),
                clock.instant());
    }
}
