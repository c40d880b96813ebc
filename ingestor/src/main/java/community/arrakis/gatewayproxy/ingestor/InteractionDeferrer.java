package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.broker.ConfirmingPublisher;
import community.arrakis.gatewayproxy.discord.rest.CallDeadline;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestException;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.Snowflakes;
import community.arrakis.gatewayproxy.envelope.routing.RoutingKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps interactions answerable through a broker outage ({@code --defer-unconfirmed-interactions}).
 *
 * <p>Discord wants a first answer within 3 s of an interaction's creation. While the broker is
 * away, the ingestor holds the event and no worker sees it in time: without this, every
 * interaction created during an outage is lost to its user. So {@link #DEFER_AT} after creation,
 * if the broker has still not confirmed the event, or confirmed it only {@link #LATE_CONFIRM} or
 * more after its creation (it was held, and reaches the workers in the backlog that follows an
 * outage), the ingestor sends Discord the deferred answer
 * itself ("thinking…": type 5 for commands and modal submits, type 6 for components) and marks the
 * held event {@value ConfirmingPublisher#DEFERRED_HEADER}. The worker that gets it when the broker
 * is back finishes that loading state (edits the original response, or follows up for a component)
 * instead of sending a first answer, for up to 15 minutes.
 *
 * <p>Worked example: an interaction created at 12:00:00.000 is read at 00.050 and published, but
 * the broker is down. At 01.500 the publish is still unconfirmed: the ingestor posts {@code
 * {"type":5}}, Discord shows "thinking…", the held event is marked. The broker returns at
 * 12:00:30; the event is sent, a worker runs the handler and edits the original response. Without
 * the option it would have reached the worker 30 s old and been counted expired.
 *
 * <p>Autocomplete cannot be deferred: it is counted {@code undeferrable}. A defer refused with
 * 40060 means a worker answered already (the event reached the queue though its confirm did not
 * reach us): nothing is marked. The REST call runs on a virtual thread, never on the gateway's.
 */
final class InteractionDeferrer implements InteractionWatch, AutoCloseable {

    /** When, after an interaction's creation, an unconfirmed one is deferred: leaves 1.5 s for the defer to arrive. */
    static final Duration DEFER_AT = Duration.ofMillis(1_500);
    /**
     * An interaction confirmed this long after its creation or later is deferred too: it was held
     * through an outage and reaches the workers in a backlog, where it may wait past its 3 s.
     */
    static final Duration LATE_CONFIRM = Duration.ofMillis(1_000);
    /** No defer attempt starts later than this after creation; one attempt waits at most {@link #ATTEMPT_TIMEOUT}. */
    private static final Duration SEND_BY = Duration.ofMillis(2_750);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(800);
    private static final int ALREADY_ACKNOWLEDGED = 40060;
    private static final String DEFERRED_RESPONSE = "{\"type\":5}";
    private static final String DEFERRED_UPDATE = "{\"type\":6}";
    private static final Logger log = LoggerFactory.getLogger(InteractionDeferrer.class);

    private final DiscordRestClient rest;
    private final ConfirmingPublisher publisher;
    private final ScheduledExecutorService timers;
    private final IngestorMetrics metrics;
    private final Clock clock;

    InteractionDeferrer(DiscordRestClient rest, ConfirmingPublisher publisher, ScheduledExecutorService timers,
                        IngestorMetrics metrics, Clock clock) {
        this.rest = rest;
        this.publisher = publisher;
        this.timers = timers;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Schedules the check of one published interaction; other events are ignored. */
    @Override
    public void published(Envelope envelope, CompletableFuture<Void> confirmed) {
        if (!envelope.isInteraction() || confirmed.isDone()) {
            return;
        }
        long createdAt = Snowflakes.timestampMillis(envelope.interactionId());
        AtomicLong confirmedAt = new AtomicLong();
        confirmed.thenRun(() -> confirmedAt.set(clock.millis()));
        long delay = Math.max(0, createdAt + DEFER_AT.toMillis() - clock.millis());
        timers.schedule(() -> {
            long at = confirmedAt.get();
            boolean late = at == 0 ? !confirmed.isDone() : at - createdAt > LATE_CONFIRM.toMillis();
            if (late) {
                Thread.ofVirtual().name("defer-" + envelope.interactionId()).start(() -> defer(envelope, createdAt));
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void defer(Envelope envelope, long createdAt) {
        String type = envelope.eventType();
        if (type.equals(RoutingKeys.AUTOCOMPLETE)) {
            metrics.selfDeferred("undeferrable");
            return;
        }
        boolean component = type.equals(RoutingKeys.BUTTON) || type.equals(RoutingKeys.SELECT);
        try {
            rest.createInteractionResponse(envelope.interactionId(), envelope.interactionToken(),
                    component ? DEFERRED_UPDATE : DEFERRED_RESPONSE,
                    new CallDeadline(Instant.ofEpochMilli(createdAt + SEND_BY.toMillis()), ATTEMPT_TIMEOUT));
        } catch (DiscordRestException e) {
            if (e.code() == ALREADY_ACKNOWLEDGED) {
                metrics.selfDeferred("already_answered");
                return;
            }
            fail(envelope, e);
            return;
        } catch (RuntimeException e) {
            fail(envelope, e);
            return;
        }
        switch (publisher.markDeferred(envelope.eventId())) {
            case BEFORE_SENDING -> metrics.selfDeferred("deferred");
            case AFTER_SENDING, CONFIRMED -> {
                // A copy without the mark went out first: a worker that gets it late would take it
                // for expired and leave the loading message. A marked copy follows it (same event id:
                // a worker that handled the first takes this one for a duplicate).
                metrics.selfDeferred("deferred");
                publisher.publishDeferredCopy(envelope).whenComplete((ok, error) -> {
                    if (error != null) {
                        log.warn("the marked copy of deferred {} {} was not confirmed: {}", envelope.eventType(),
                                envelope.interactionId(), error.getMessage());
                    }
                });
            }
        }
    }

    private void fail(Envelope envelope, RuntimeException e) {
        metrics.selfDeferred("failed");
        // The exception's message names the route with the token hashed, never the token itself.
        log.warn("could not defer {} {} while the broker is away: {}", envelope.eventType(), envelope.interactionId(),
                e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    @Override
    public void close() {
        timers.shutdownNow();
        rest.close();
    }
}
