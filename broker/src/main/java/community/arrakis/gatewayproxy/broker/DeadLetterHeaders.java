package community.arrakis.gatewayproxy.broker;

import java.util.List;

/**
 * The headers a dead-lettered message carries, for people and tools reading the DLQ. The one
 * definition: the ingestor's dead letters (an event that could not become an envelope), the
 * worker's (an envelope it gave up on) and the {@code dlq} tool's replays all use these names.
 *
 * <p>There is no header for the original routing key: every envelope is published with its event
 * type as routing key, so the envelope in the body says it; a message RabbitMQ dead-lettered itself
 * (a delivery rejected through the queue's {@code x-dead-letter-exchange}) has it in {@link #X_DEATH}.
 */
public final class DeadLetterHeaders {

    /** Why: the decoder's message or the handler's failure, one line, no payload. */
    public static final String REASON = "x-arrakis-dead-reason";
    /** The exception's class name. */
    public static final String EXCEPTION = "x-arrakis-exception";
    /** Handler tries made (0 when the envelope could not be decoded). */
    public static final String ATTEMPTS = "x-arrakis-attempts";
    /** The worker that gave up on it. */
    public static final String WORKER = "x-arrakis-worker";
    /** The queue it was consumed from. */
    public static final String SOURCE_QUEUE = "x-arrakis-source-queue";
    /** When it was dead-lettered, epoch milliseconds: what ages in the DLQ count from. */
    public static final String DEAD_LETTERED_AT = "x-arrakis-dead-lettered-at";

    /** The ingestor's dead letters: Discord's dispatch name ({@code GUILD_MEMBER_ADD}). */
    public static final String DISPATCH_TYPE = "x-arrakis-dispatch-type";
    /** The ingestor's dead letters: the shard that received it. */
    public static final String SHARD = "x-arrakis-shard";
    /** The ingestor's dead letters: the gateway sequence number. */
    public static final String SEQUENCE = "x-arrakis-sequence";

    /**
     * On an envelope replayed from the DLQ: how many times it was replayed (1 the first time). Its
     * presence marks a replay; a replay dead-lettered again keeps it, and the next replay counts on.
     */
    public static final String REPLAYS = "x-arrakis-replays";
    /** On a replayed envelope: when it was replayed, epoch milliseconds. */
    public static final String REPLAYED_AT = "x-arrakis-replayed-at";

    /**
     * Written by RabbitMQ when it dead-letters a message itself: a list of tables ({@code queue},
     * {@code reason}, {@code time}, {@code exchange}, {@code routing-keys}, {@code count}), newest first.
     */
    public static final String X_DEATH = "x-death";

    /**
     * What a dead letter says about its death and not about the event: left out of a replay, so
     * that a replayed envelope reads like any other (a replay that fails again gets them anew).
     */
    public static final List<String> ABOUT_THE_DEATH = List.of(REASON, EXCEPTION, ATTEMPTS, WORKER, SOURCE_QUEUE,
            DEAD_LETTERED_AT, X_DEATH, "x-first-death-queue", "x-first-death-reason", "x-first-death-exchange",
            "x-last-death-queue", "x-last-death-reason", "x-last-death-exchange");

    private DeadLetterHeaders() {
    }
}
