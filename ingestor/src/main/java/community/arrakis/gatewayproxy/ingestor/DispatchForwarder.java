package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.broker.DeadLetterHeaders;
import community.arrakis.gatewayproxy.broker.UnroutableMessageException;
import community.arrakis.gatewayproxy.discord.gateway.GatewayDispatch;
import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.EnvelopeFactory;
import community.arrakis.gatewayproxy.envelope.InvalidEnvelopeException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns one shard's dispatches into envelopes and publishes them, keeping count of which sequences
 * are safe ({@link ConfirmedSequence}). Nothing it is handed goes into the void: a dispatch is
 * either not forwarded (filtered by the allow-list or the routing table), confirmed on the events
 * exchange, or confirmed on the dead-letter exchange with the reason in a header (its {@code d} is
 * not a valid JSON object, or no queue is bound for its routing key).
 *
 * <p>Called on the shard's reading thread, in sequence order; it never blocks on the broker.
 */
final class DispatchForwarder {

    static final String DISPATCH_TYPE_HEADER = DeadLetterHeaders.DISPATCH_TYPE;
    static final String SHARD_HEADER = DeadLetterHeaders.SHARD;
    static final String SEQUENCE_HEADER = DeadLetterHeaders.SEQUENCE;
    private static final Logger log = LoggerFactory.getLogger(DispatchForwarder.class);

    private final int shardId;
    private final ShardPublisher publisher;
    private final EnvelopeFactory factory;
    private final Predicate<String> allowList;
    private final IngestorMetrics metrics;
    private final InteractionWatch interactions;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private volatile ConfirmedSequence session;

    DispatchForwarder(int shardId, ShardPublisher publisher, EnvelopeFactory factory, Predicate<String> allowList,
                      IngestorMetrics metrics) {
        this(shardId, publisher, factory, allowList, metrics, InteractionWatch.OFF);
    }

    /** @param interactions told of every published interaction (see {@link InteractionDeferrer}) */
    DispatchForwarder(int shardId, ShardPublisher publisher, EnvelopeFactory factory, Predicate<String> allowList,
                      IngestorMetrics metrics, InteractionWatch interactions) {
        this.interactions = interactions;
        this.shardId = shardId;
        this.publisher = publisher;
        this.factory = factory;
        this.allowList = allowList;
        this.metrics = metrics;
    }

    /** A new session (READY) or one resumed from a checkpoint: sequences count from its sequence. */
    void startSession(ResumeState state) {
        session = new ConfirmedSequence(state.sessionId(), state.resumeGatewayUrl(), state.sequence());
    }

    /** What a checkpoint may store: the session and its last safe sequence. */
    Optional<ResumeState> checkpoint() {
        ConfirmedSequence current = session;
        return current == null ? Optional.empty()
                : Optional.of(new ResumeState(current.sessionId(), current.resumeGatewayUrl(), current.safe()));
    }

    /**
     * Where to resume after this process paused the shard itself: everything received is held
     * here, so the last sequence received, not the last confirmed one.
     */
    Optional<ResumeState> received() {
        ConfirmedSequence current = session;
        return current == null ? Optional.empty()
                : Optional.of(new ResumeState(current.sessionId(), current.resumeGatewayUrl(), current.highest()));
    }

    void forward(GatewayDispatch dispatch) {
        metrics.received(shardId, dispatch.type());
        ConfirmedSequence sequence = sessionOf(dispatch);
        if (!allowList.test(dispatch.type())) {
            sequence.skipped(dispatch.sequence());
            return;
        }
        Optional<Envelope> envelope;
        try {
            envelope = factory.create(shardId, dispatch.sessionId(), dispatch.sequence(), dispatch.type(),
                    dispatch.data(), dispatch.receivedAtMillis(), dispatch.guildKnownAtReady());
        } catch (InvalidEnvelopeException e) {
            // The payload may hold a token: log what it is, never what it says.
            log.warn("shard {}: {} seq {} cannot become an envelope ({}); dead-lettering it",
                    shardId, dispatch.type(), dispatch.sequence(), e.getMessage());
            deadLetter(dispatch, sequence, dispatch.data(), "invalid dispatch: " + e.getMessage(), "invalid");
            return;
        }
        if (envelope.isEmpty()) {
            sequence.skipped(dispatch.sequence());
            return;
        }
        Envelope event = envelope.get();
        sequence.sent(dispatch.sequence());
        CompletableFuture<Void> confirmed = publisher.publish(event);
        interactions.published(event, confirmed);
        confirmed.whenComplete((ok, error) -> {
            if (error == null) {
                sequence.confirmed(dispatch.sequence());
                metrics.published(shardId, event.eventType(), dispatch.receivedAtNanos());
            } else if (unwrap(error) instanceof UnroutableMessageException unroutable) {
                metrics.unroutable(shardId, event.eventType());
                deadLetter(dispatch, sequence, codec.encode(event), "unroutable: " + unroutable.getMessage(), "unroutable");
            }
            // Otherwise the publisher closed first: the sequence stays in flight, so the checkpoint
            // stays before it and a restarted ingestor gets it replayed.
        });
    }

    private void deadLetter(GatewayDispatch dispatch, ConfirmedSequence sequence, byte[] body, String reason,
                            String reasonLabel) {
        sequence.sent(dispatch.sequence());
        String messageId = EnvelopeFactory.eventId(shardId, dispatch.sessionId(), dispatch.sequence());
        Map<String, Object> headers = Map.of(
                DISPATCH_TYPE_HEADER, dispatch.type(),
                SHARD_HEADER, shardId,
                SEQUENCE_HEADER, dispatch.sequence());
        publisher.publishDeadLetter(messageId, body, reason, headers).whenComplete((ok, error) -> {
            if (error == null) {
                sequence.confirmed(dispatch.sequence());
                metrics.deadLettered(shardId, reasonLabel);
            } else if (unwrap(error) instanceof UnroutableMessageException) {
                try (MDC.MDCCloseable ignored = MDC.putCloseable("shard", Integer.toString(shardId))) {
                    log.error("shard {}: {} seq {} could not be dead-lettered either: the dead-letter exchange has no "
                            + "queue bound; the topology is broken", shardId, dispatch.type(), dispatch.sequence());
                }
                metrics.unroutable(shardId, "dead-letter");
                sequence.confirmed(dispatch.sequence());
            }
        });
    }

    private ConfirmedSequence sessionOf(GatewayDispatch dispatch) {
        ConfirmedSequence current = session;
        if (current == null || !current.sessionId().equals(dispatch.sessionId())) {
            // A session we were not told about (no READY seen): count from just before this dispatch.
            current = new ConfirmedSequence(dispatch.sessionId(), current == null ? null : current.resumeGatewayUrl(),
                    dispatch.sequence() - 1);
            session = current;
        }
        return current;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
