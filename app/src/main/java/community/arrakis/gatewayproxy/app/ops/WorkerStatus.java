package community.arrakis.gatewayproxy.app.ops;

import community.arrakis.gatewayproxy.broker.QueueDepths;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.ops.status.CounterWindow;
import community.arrakis.gatewayproxy.ops.status.Figure;
import community.arrakis.gatewayproxy.ops.status.Health;
import community.arrakis.gatewayproxy.ops.status.QueueRow;
import community.arrakis.gatewayproxy.ops.status.Signal;
import community.arrakis.gatewayproxy.ops.status.StatusSnapshot;
import community.arrakis.gatewayproxy.ops.status.StatusSource;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * A worker's status page ({@code GET /} of its ops port), filled from what the worker exposes:
 * its readiness parts, its meters, and the queue depths read on its broker connection. It lives
 * in {@code app} because the worker module knows nothing of the ops endpoints.
 *
 * <p>What counts as what: no broker connection or no Redis is down (the worker takes no new
 * interactions without either); REST rate limits kept locally are degraded; Discord REST is
 * degraded when interaction answers failed in the last minute (5xx, 429 or no answer) and down
 * when Discord refused the bot token (401); interactions that expired in the last minute and
 * events dead-lettered in it are degraded. The queues are judged as on the ingestor's page, plus
 * this worker's own subscription: a consumer of this worker that does not consume is degraded.
 */
final class WorkerStatus implements StatusSource {

    static final Duration RATE_WINDOW = Duration.ofSeconds(60);

    private final Worker worker;
    private final Topology topology;
    private final Clock clock;
    private final Instant startedAt;
    private final CounterWindow processed;
    private final CounterWindow expired;
    private final CounterWindow deadLettered;
    private final CounterWindow retries;
    private final CounterWindow answers;
    private final CounterWindow failedAnswers;
    private final CounterWindow refusedToken;

    WorkerStatus(Worker worker, Clock clock) {
        this.worker = worker;
        this.topology = worker.config().topology();
        this.clock = clock;
        this.startedAt = clock.instant();
        this.processed = window(count(WorkerMetrics.PROCESSED));
        this.expired = window(count(WorkerMetrics.INTERACTIONS_EXPIRED));
        this.deadLettered = window(count(WorkerMetrics.DEAD_LETTERED));
        this.retries = window(count(WorkerMetrics.RETRIES));
        this.answers = window(restCalls(status -> true));
        this.failedAnswers = window(restCalls(WorkerStatus::failed));
        this.refusedToken = window(restCalls(status -> status == 401));
    }

    private CounterWindow window(double startTotal) {
        return new CounterWindow(RATE_WINDOW, clock, startTotal);
    }

    @Override
    public StatusSnapshot snapshot() {
        Map<String, Worker.Check> health = worker.health();
        List<Signal> dependencies = new ArrayList<>();
        dependencies.add(required("RabbitMQ", health.get("broker")));
        dependencies.add(required("Redis", health.get("redis")));
        dependencies.add(discordRest());
        Worker.Check limits = health.get("rest-rate-limits");
        if (limits != null) {
            dependencies.add(new Signal("REST rate limits", rateLimitsLocal() ? Health.DEGRADED : Health.HEALTHY,
                    limits.detail()));
        }
        return new StatusSnapshot("worker", worker.config().workerId(), clock.instant(), startedAt, dependencies,
                List.of(), figures(), queueRows(health), List.of());
    }

    /** A part the worker cannot work without: down when not ready. */
    private static Signal required(String name, Worker.Check check) {
        if (check == null) {
            return new Signal(name, Health.DOWN, "not reported");
        }
        return new Signal(name, check.ready() ? Health.HEALTHY : Health.DOWN, check.detail());
    }

    private Signal discordRest() {
        CounterWindow.Increase sent = answers.observe(restCalls(status -> true));
        CounterWindow.Increase failed = failedAnswers.observe(restCalls(WorkerStatus::failed));
        CounterWindow.Increase refused = refusedToken.observe(restCalls(status -> status == 401));
        long seconds = sent.over().toSeconds();
        if (refused.amount() > 0) {
            return new Signal("Discord REST", Health.DOWN, "Discord refused the bot token (401) "
                    + (long) refused.amount() + " times in the last " + seconds + " s: check DISCORD_TOKEN");
        }
        if (failed.amount() > 0) {
            return new Signal("Discord REST", Health.DEGRADED, (long) failed.amount() + " of " + (long) sent.amount()
                    + " interaction calls in the last " + seconds + " s failed (5xx, 429 or no answer); "
                    + "retried within each interaction's deadline");
        }
        return new Signal("Discord REST", Health.HEALTHY, sent.amount() == 0
                ? "no interaction calls in the last " + seconds + " s"
                : (long) sent.amount() + " interaction calls in the last " + seconds + " s, none failed");
    }

    private List<Figure> figures() {
        List<Figure> figures = new ArrayList<>();
        CounterWindow.Increase done = processed.observe(count(WorkerMetrics.PROCESSED));
        figures.add(new Figure("events processed", Math.round(done.perSecond() * 10) / 10.0, "/s", Health.HEALTHY,
                "over the last " + done.over().toSeconds() + " s"));
        figures.add(new Figure("handlers running or waiting", worker.inFlight(), "", Health.HEALTHY,
                "at most " + worker.config().concurrency() + " run at once"));
        figures.add(Figure.recent("interactions expired", expired, count(WorkerMetrics.INTERACTIONS_EXPIRED), Health.DEGRADED,
                "reached this worker too late to answer in 3 s"));
        figures.add(Figure.recent("dead-lettered", deadLettered, count(WorkerMetrics.DEAD_LETTERED), Health.DEGRADED,
                "failed for good or invalid; in the DLQ with the reason"));
        figures.add(Figure.recent("handler retries", retries, count(WorkerMetrics.RETRIES), Health.HEALTHY,
                "Discord 5xx, timeouts or Redis blips"));
        return figures;
    }


    private List<QueueRow> queueRows(Map<String, Worker.Check> health) {
        Optional<QueueDepths.Reading> reading = worker.queueDepths().read(QueueDepths.PAGE_MAX_AGE, QueueDepths.PAGE_MAX_WAIT);
        List<QueueRow> rows = new ArrayList<>();
        rows.add(consumedHere(queueRow(reading, topology.interactionsQueue(),
                        d -> QueueRow.consumed(d.queue(), d.messages(), d.consumers(), QueueRow.INTERACTIONS_BACKLOG)),
                health.get(topology.interactionsQueue())));
        // One row per guild partition: each has its own single active consumer, on this worker or another.
        for (String partition : topology.guildPartitionQueues()) {
            rows.add(consumedHere(queueRow(reading, partition,
                            d -> QueueRow.consumed(d.queue(), d.messages(), d.consumers(), QueueRow.GUILD_EVENTS_BACKLOG)),
                    health.get(partition)));
        }
        rows.add(queueRow(reading, topology.deadLetterQueue(),
                d -> QueueRow.deadLetters(d.queue(), d.messages(), d.consumers())));
        return rows;
    }

    private static QueueRow consumedHere(QueueRow row, Worker.Check consumer) {
        if (consumer == null) {
            return row;
        }
        return consumer.ready() ? row.noting(Health.HEALTHY, "this worker: " + consumer.detail())
                : row.noting(Health.DEGRADED, "this worker: " + consumer.detail());
    }

    private QueueRow queueRow(Optional<QueueDepths.Reading> reading, String queue,
                              Function<QueueDepths.Depth, QueueRow> assess) {
        return QueueRow.fromAnswer(queue, reading.map(QueueDepths.Reading::at),
                reading.flatMap(r -> r.of(queue)).map(assess), reading.map(QueueDepths.Reading::problem).orElse(null),
                clock.instant());
    }

    /** Whether the REST clients keep their limits locally because Redis is unusable (the worker's own gauge). */
    private boolean rateLimitsLocal() {
        Gauge local = worker.metrics().registry().find(WorkerMetrics.RATE_LIMITS_LOCAL).gauge();
        return local != null && local.value() == 1;
    }

    private double count(String counter) {
        return worker.metrics().count(counter);
    }

    /** Interaction REST calls whose status matches; the status tag is 0 when no answer came. */
    private double restCalls(IntPredicate status) {
        return worker.metrics().registry().find(WorkerMetrics.REST_CALLS).counters().stream()
                .filter(c -> status.test(statusOf(c)))
                .mapToDouble(Counter::count).sum();
    }

    private static int statusOf(Counter counter) {
        try {
            return Integer.parseInt(counter.getId().getTag("status"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Discord did not do its part: no answer, a rate limit, a server error. */
    private static boolean failed(int status) {
        return status == 0 || status == 429 || status >= 500;
    }
}
