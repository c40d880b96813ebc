package community.arrakis.gatewayproxy.worker.metrics;

import community.arrakis.gatewayproxy.envelope.routing.RoutingKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Every meter of the worker, by name. Names are written as Prometheus shows them minus the suffix
 * Micrometer adds: a counter {@code arrakis_worker_events_processed} is scraped as
 * {@code arrakis_worker_events_processed_total}, a timer as {@code ..._seconds}.
 */
public final class WorkerMetrics {

    /** Envelopes finished, tags {@code type} (event type family) and {@code outcome}. */
    public static final String PROCESSED = "arrakis_worker_events_processed";
    /** From the envelope's receivedAt to the first response sent (interactions) or handler end. */
    public static final String LATENCY = "arrakis_worker_processing_latency";
    /** Handler retries after a retryable failure, tag {@code type}. */
    public static final String RETRIES = "arrakis_worker_retries";
    /** Envelopes published to the dead-letter exchange, tag {@code cause} (decode, handler). */
    public static final String DEAD_LETTERED = "arrakis_worker_dead_lettered";
    /** Interactions acknowledged without work because Discord's clock had run out. */
    public static final String INTERACTIONS_EXPIRED = "arrakis_interactions_expired";
    /** Redelivered or replayed envelopes acknowledged without running. */
    public static final String DEDUPLICATED = "arrakis_worker_deduplicated";
    /** Automatic defers sent because a handler was slow. */
    public static final String AUTO_DEFERRED = "arrakis_worker_auto_deferred";
    /** Interaction REST calls made by the worker, tags {@code route} and {@code status}. */
    public static final String REST_CALLS = "arrakis_worker_rest_calls";
    /**
     * Every answer Discord's REST API gave the worker's clients, retries included, tags {@code route}
     * (the template, e.g. {@code PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}}) and
     * {@code status} ({@code none} when no answer came): where the 429s are.
     */
    public static final String REST_RESPONSES = "arrakis_worker_rest_responses";
    /** Envelopes waiting for a handler slot (gauge). */
    public static final String QUEUED = "arrakis_worker_queued";
    /** Deliveries settled, by queue and settlement (ack, requeue, dead_letter, return_on_close). */
    public static final String SETTLEMENTS = "arrakis_worker_settlements";
    /** 1 while a dependency (redis) is usable, 0 during an outage. */
    public static final String DEPENDENCY_UP = "arrakis_worker_dependency_up";
    /** 1 while REST rate limits are kept locally because Redis is unusable. */
    public static final String RATE_LIMITS_LOCAL = "arrakis_worker_rate_limits_local";

    /** The {@code cause} values of {@link #DEAD_LETTERED}. */
    static final List<String> DEAD_LETTER_CAUSES = List.of("decode", "handler");

    private final MeterRegistry registry;

    /**
     * Counters without labels, or with labels known in advance, are registered at zero: one that
     * first appears at 1 has no earlier sample, and Prometheus's {@code increase()} would never see
     * that first expired interaction or dead letter.
     */
    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Counter.builder(INTERACTIONS_EXPIRED).register(registry);
        Counter.builder(AUTO_DEFERRED).register(registry);
        DEAD_LETTER_CAUSES.forEach(cause -> Counter.builder(DEAD_LETTERED).tag("cause", cause).register(registry));
    }

    /** Counts into a private registry; for tests and for callers that don't scrape. */
    public static WorkerMetrics standalone() {
        return new WorkerMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void processed(String eventType, String outcome) {
        Counter.builder(PROCESSED).tag("type", family(eventType)).tag("outcome", outcome).register(registry).increment();
    }

    public void latency(String eventType, Duration latency) {
        Timer.builder(LATENCY).tag("type", family(eventType))
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(3))
                .register(registry).record(latency.isNegative() ? Duration.ZERO : latency);
    }

    public void retry(String eventType) {
        Counter.builder(RETRIES).tag("type", family(eventType)).register(registry).increment();
    }

    public void deadLettered(String cause) {
        Counter.builder(DEAD_LETTERED).tag("cause", cause).register(registry).increment();
    }

    public void expired() {
        Counter.builder(INTERACTIONS_EXPIRED).register(registry).increment();
    }

    public void deduplicated(String eventType) {
        Counter.builder(DEDUPLICATED).tag("type", family(eventType)).register(registry).increment();
    }

    public void autoDeferred() {
        Counter.builder(AUTO_DEFERRED).register(registry).increment();
    }

    public void restCall(String route, int status) {
        Counter.builder(REST_CALLS).tag("route", route).tag("status", Integer.toString(status)).register(registry).increment();
    }

    private final Map<String, Counter> restResponses = new ConcurrentHashMap<>();

    /** One answer of Discord's REST API (or none: status 0); a {@code ResponseListener} of the REST clients. */
    public void restResponse(String route, int status) {
        String statusLabel = status == 0 ? "none" : Integer.toString(status);
        restResponses.computeIfAbsent(route + ' ' + statusLabel, key -> Counter.builder(REST_RESPONSES)
                .tag("route", route).tag("status", statusLabel).register(registry)).increment();
    }

    private final Map<String, Counter> settlements = new ConcurrentHashMap<>();

    public void settled(String queue, String settlement) {
        settlements.computeIfAbsent(queue + '\0' + settlement, key -> Counter.builder(SETTLEMENTS)
                .tag("queue", queue).tag("settlement", settlement).register(registry)).increment();
    }

    public void dependencyGauge(String dependency, BooleanSupplier up) {
        Gauge.builder(DEPENDENCY_UP, () -> up.getAsBoolean() ? 1 : 0)
                .tag("dependency", dependency).register(registry);
    }

    public void rateLimitsLocalGauge(BooleanSupplier local) {
        Gauge.builder(RATE_LIMITS_LOCAL, () -> local.getAsBoolean() ? 1 : 0).register(registry);
    }

    public void queuedGauge(Supplier<Number> depth) {
        Gauge.builder(QUEUED, depth).register(registry);
    }

    /** Reads a counter's total; for tests and health reports. */
    public double count(String name, String... tags) {
        var search = registry.find(name).tags(tags);
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }

    /** The tag value every command interaction shares. */
    static final String COMMAND_FAMILY = "interaction.command";

    /**
     * Command names are user-chosen and unbounded; one tag value per command would explode the
     * series count, so commands share {@code interaction.command}.
     */
    static String family(String eventType) {
        return RoutingKeys.isCommand(eventType) ? COMMAND_FAMILY : eventType;
    }
}
