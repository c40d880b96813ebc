package community.arrakis.gatewayproxy.ops.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What one process can say about itself at one moment, for the person on call: the model behind
 * {@code GET /} and {@code GET /status.json}. Filled by the process ({@link StatusSource}) from its
 * own state, never from the Prometheus text; every list may be empty (a worker has no shards).
 *
 * @param process        {@code ingestor} or {@code worker}
 * @param instance       which one, e.g. {@code shards 0-3 of 4} or the worker id
 * @param takenAt        when this snapshot was taken
 * @param startedAt      when the process started
 * @param dependencies   RabbitMQ, Redis, Discord, as this process sees them
 * @param shards         the gateway shards (ingestor)
 * @param figures        rates and counts
 * @param queues         the RabbitMQ queues
 * @param recentProblems the last WARN and ERROR lines, newest first, redacted
 */
public record StatusSnapshot(String process, String instance, Instant takenAt, Instant startedAt,
                             List<Signal> dependencies, List<ShardRow> shards, List<Figure> figures,
                             List<QueueRow> queues, List<LogLine> recentProblems) {

    public StatusSnapshot {
        Objects.requireNonNull(process, "process");
        instance = instance == null ? "" : instance;
        Objects.requireNonNull(takenAt, "takenAt");
        Objects.requireNonNull(startedAt, "startedAt");
        dependencies = List.copyOf(dependencies);
        shards = List.copyOf(shards);
        figures = List.copyOf(figures);
        queues = List.copyOf(queues);
        recentProblems = List.copyOf(recentProblems);
    }

    public Duration uptime() {
        Duration up = Duration.between(startedAt, takenAt);
        return up.isNegative() ? Duration.ZERO : up;
    }

    /** The overall verdict: the worst part's health, and each part that is not healthy as a reason. */
    public Verdict verdict() {
        return Verdict.of(this);
    }

    /** The same snapshot with the log lines given instead (the process's ring of recent problems). */
    public StatusSnapshot withRecentProblems(List<LogLine> lines) {
        return new StatusSnapshot(process, instance, takenAt, startedAt, dependencies, shards, figures, queues, lines);
    }

    /**
     * Every free text of the snapshot passed through {@code redactor}: the last guard that keeps a
     * secret which slipped into a reason or a log line off the page.
     */
    public StatusSnapshot redacted(UnaryOperator<String> redactor) {
        return new StatusSnapshot(redactor.apply(process), redactor.apply(instance), takenAt, startedAt,
                dependencies.stream().map(s -> s.redacted(redactor)).toList(),
                shards.stream().map(s -> s.redacted(redactor)).toList(),
                figures.stream().map(f -> f.redacted(redactor)).toList(),
                queues.stream().map(q -> q.redacted(redactor)).toList(),
                recentProblems.stream().map(l -> l.redacted(redactor)).toList());
    }
}
