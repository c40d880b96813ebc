package community.arrakis.gatewayproxy.ops.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One RabbitMQ queue as the broker last described it (a passive {@code queue.declare}).
 *
 * @param queue     its name
 * @param messages  ready messages, null when the broker could not say
 * @param consumers subscribed consumers, null when the broker could not say
 * @param health    whether its depth or its consumers are a problem
 * @param note      what that problem is, or how old the figures are
 */
public record QueueRow(String queue, Long messages, Long consumers, Health health, String note) {

    /** A reading older than this is marked as such ({@link #readAgo}). */
    public static final Duration STALE_AFTER = Duration.ofSeconds(10);
    /** The runbook's alert threshold: more waiting interactions than this, and the workers do not keep up. */
    public static final long INTERACTIONS_BACKLOG = 100;
    /** More waiting guild events than this, and the guild queue's consumer does not keep up. */
    public static final long GUILD_EVENTS_BACKLOG = 1_000;

    public QueueRow {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(health, "health");
        note = note == null ? "" : note;
    }

    /**
     * A queue that workers consume: {@link Health#DOWN} with no consumer (nothing will take its
     * messages), {@link Health#DEGRADED} above {@code backlogLimit} messages (the consumers cannot
     * keep up).
     */
    public static QueueRow consumed(String queue, long messages, long consumers, long backlogLimit) {
        if (consumers == 0) {
            return new QueueRow(queue, messages, consumers, Health.DOWN, "no consumer: no worker takes its messages");
        }
        if (messages > backlogLimit) {
            return new QueueRow(queue, messages, consumers, Health.DEGRADED,
                    "more than " + backlogLimit + " waiting: the workers do not keep up");
        }
        return new QueueRow(queue, messages, consumers, Health.HEALTHY, "");
    }

    /** The dead-letter queue: {@link Health#DEGRADED} while anything is in it, since each message is work lost until replayed. */
    public static QueueRow deadLetters(String queue, long messages, long consumers) {
        return messages > 0
                ? new QueueRow(queue, messages, consumers, Health.DEGRADED,
                        messages + " dead-lettered message" + (messages == 1 ? "" : "s") + " to look at (runbook: Messages in the dead-letter queue)")
                : new QueueRow(queue, messages, consumers, Health.HEALTHY, "");
    }

    /** A queue the broker did not describe: its figures are unknown, which alone is no verdict on it. */
    public static QueueRow unknown(String queue, String why) {
        return new QueueRow(queue, null, null, Health.HEALTHY, "unknown: " + why);
    }

    /**
     * A queue's row from the broker's latest answer about the queues.
     *
     * @param readAt   when the broker answered; empty while it never has
     * @param assessed the queue's figures assessed ({@link #consumed}, {@link #deadLetters}); empty
     *                 when the answer did not describe this queue
     * @param problem  why the answer did not describe it, if the broker said (null otherwise)
     */
    public static QueueRow fromAnswer(String queue, Optional<Instant> readAt, Optional<QueueRow> assessed,
                                      String problem, Instant now) {
        if (readAt.isEmpty()) {
            return unknown(queue, "RabbitMQ has not described it yet");
        }
        return assessed.map(row -> row.readAgo(Duration.between(readAt.get(), now)))
                .orElseGet(() -> unknown(queue, problem == null ? "not described" : problem));
    }

    /**
     * This row with one more finding: its health the worse of the two, the finding added to its
     * note (e.g. the worker's own consumer of the queue).
     */
    public QueueRow noting(Health finding, String text) {
        return new QueueRow(queue, messages, consumers, health.worse(finding), note.isEmpty() ? text : note + "; " + text);
    }

    /**
     * This row read {@code age} ago: past {@link #STALE_AFTER} its note says so, since the broker
     * answering slowly is itself worth knowing.
     */
    public QueueRow readAgo(Duration age) {
        if (age.compareTo(STALE_AFTER) <= 0) {
            return this;
        }
        String stale = "figures from " + Format.duration(age) + " ago: the broker is slow to answer";
        return new QueueRow(queue, messages, consumers, health, note.isEmpty() ? stale : note + "; " + stale);
    }

    QueueRow redacted(UnaryOperator<String> redactor) {
        return new QueueRow(redactor.apply(queue), messages, consumers, health, redactor.apply(note));
    }
}
