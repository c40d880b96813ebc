package community.arrakis.gatewayproxy.ingestor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Every meter of the ingestor: names are constants here and nowhere else, all with the
 * {@code arrakis_} prefix. Prometheus sees counters with a {@code _total} suffix and the publish
 * latency as {@code arrakis_ingestor_publish_latency_seconds_bucket}.
 */
public final class IngestorMetrics {

    public static final String EVENTS_RECEIVED = "arrakis_ingestor_events_received";
    public static final String EVENTS_PUBLISHED = "arrakis_ingestor_events_published";
    public static final String EVENTS_DEAD_LETTERED = "arrakis_ingestor_events_dead_lettered";
    public static final String EVENTS_UNROUTABLE = "arrakis_ingestor_events_unroutable";
    public static final String EVENTS_REPUBLISHED = "arrakis_ingestor_events_republished";
    public static final String PUBLISH_LATENCY = "arrakis_ingestor_publish_latency";
    public static final String BUFFERED_EVENTS = "arrakis_ingestor_buffered_events";
    public static final String HEARTBEAT_RTT = "arrakis_ingestor_heartbeat_rtt_seconds";
    public static final String LAST_EVENT_AGE = "arrakis_ingestor_last_event_age_seconds";
    public static final String SHARD_READY = "arrakis_ingestor_shard_ready";
    public static final String SHARD_SILENT = "arrakis_ingestor_shard_silent";
    public static final String SHARD_PAUSES = "arrakis_ingestor_shard_pauses";
    public static final String RECONNECTS = "arrakis_ingestor_reconnects";
    public static final String RESUMES = "arrakis_ingestor_resumes";
    public static final String IDENTIFIES = "arrakis_ingestor_identifies";
    public static final String IDENTIFY_BUDGET_REMAINING = "arrakis_ingestor_identify_budget_remaining";
    public static final String CHECKPOINT_SEQUENCE = "arrakis_ingestor_checkpoint_sequence";
    /** 1 while Redis answers, 0 during an outage (checkpoints held in memory, identifies wait). */
    public static final String REDIS_REACHABLE = "arrakis_ingestor_redis_reachable";
    /**
     * Interactions the broker had not confirmed in time, with --defer-unconfirmed-interactions, by
     * outcome: deferred, already_answered (a worker had answered), undeferrable (autocomplete),
     * failed (Discord refused or did not answer).
     */
    public static final String INTERACTIONS_SELF_DEFERRED = "arrakis_ingestor_interactions_self_deferred";

    private static final int MAX_REASON_LENGTH = 60;

    private final MeterRegistry registry;
    /*
     * The per-event meters, looked up once per shard and type: building a meter id and finding it
     * in the registry for every event costs more than the rest of the bookkeeping together.
     */
    private final Map<ShardAndType, Counter> received = new ConcurrentHashMap<>();
    private final Map<ShardAndType, Counter> published = new ConcurrentHashMap<>();
    private final Timer publishLatency;

    public IngestorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.publishLatency = Timer.builder(PUBLISH_LATENCY)
                .description("from the gateway frame being read to the broker's confirm")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    private record ShardAndType(int shard, String type) {
    }

    public MeterRegistry registry() {
        return registry;
    }

    void received(int shard, String dispatchType) {
        received.computeIfAbsent(new ShardAndType(shard, dispatchType),
                key -> counter(EVENTS_RECEIVED, "shard", shard, "type", dispatchType)).increment();
    }

    void published(int shard, String eventType, long receivedAtNanos) {
        published.computeIfAbsent(new ShardAndType(shard, eventType),
                key -> counter(EVENTS_PUBLISHED, "shard", shard, "type", eventType)).increment();
        publishLatency.record(System.nanoTime() - receivedAtNanos, TimeUnit.NANOSECONDS);
    }

    void deadLettered(int shard, String reason) {
        counter(EVENTS_DEAD_LETTERED, "shard", shard, "reason", reason).increment();
    }

    void unroutable(int shard, String routingKey) {
        counter(EVENTS_UNROUTABLE, "shard", shard, "routing_key", routingKey).increment();
    }

    void republished(int shard) {
        counter(EVENTS_REPUBLISHED, "shard", shard).increment();
    }

    void selfDeferred(String outcome) {
        Counter.builder(INTERACTIONS_SELF_DEFERRED).tag("outcome", outcome).register(registry).increment();
    }

    void paused(int shard) {
        counter(SHARD_PAUSES, "shard", shard).increment();
    }

    void reconnect(int shard, String reason) {
        counter(RECONNECTS, "shard", shard, "reason", shortReason(reason)).increment();
    }

    void resume(int shard) {
        counter(RESUMES, "shard", shard).increment();
    }

    void identify(int shard, String reason) {
        counter(IDENTIFIES, "shard", shard, "reason", shortReason(reason)).increment();
    }

    /** A counter's total over all its tags, e.g. every event published since start: for the status page's rates. */
    double total(String counter) {
        return registry.find(counter).counters().stream().mapToDouble(Counter::count).sum();
    }

    <T> void shardGauge(String name, int shard, T owner, ToDoubleFunction<T> value) {
        Gauge.builder(name, owner, value).tag("shard", Integer.toString(shard)).strongReference(true).register(registry);
    }

    void gauge(String name, Supplier<Number> value) {
        Gauge.builder(name, value).strongReference(true).register(registry);
    }

    private Counter counter(String name, String k1, int shard, String k2, String v2) {
        return Counter.builder(name).tag(k1, Integer.toString(shard)).tag(k2, v2 == null ? "none" : v2).register(registry);
    }

    private Counter counter(String name, String k1, int shard) {
        return Counter.builder(name).tag(k1, Integer.toString(shard)).register(registry);
    }

    /** Reasons become label values: keep them short so a verbose reason cannot explode the series. */
    static String shortReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
    }
}
