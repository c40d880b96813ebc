package community.arrakis.gatewayproxy.worker.dispatch;

import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.worker.handler.GuildEventHandler;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import community.arrakis.gatewayproxy.worker.handler.InteractionExpiredException;
import community.arrakis.gatewayproxy.worker.handler.InteractionHandler;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.state.ClaimResult;
import community.arrakis.gatewayproxy.worker.state.EventLedger;
import community.arrakis.gatewayproxy.worker.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one envelope through its handler and says how it ended. Blocking; call it on a virtual
 * thread. The steps, in order:
 *
 * <ol>
 *   <li>find the handler — none: {@link Outcome.NoHandler};</li>
 *   <li>interactions: too old on arrival (see {@link InteractionDeadline}) — {@link Outcome.Expired}
 *       without running anything;</li>
 *   <li>claim the event id in the {@link EventLedger} — already done: {@link Outcome.Duplicate};
 *       a live worker is on it: wait for it, bounded;</li>
 *   <li>run the handler; for interactions a timer sends the automatic defer if the handler is
 *       still busy at the defer time;</li>
 *   <li>retryable failure and another try can still help: back off and run again, up to
 *       {@code maxAttempts}; otherwise {@link Outcome.Failed}, released in the ledger so a replay
 *       from the dead-letter queue may run it (an interaction left deferred first gets its loading
 *       message turned into a short error text);</li>
 *   <li>success: marked done in the ledger, {@link Outcome.Handled}.</li>
 * </ol>
 */
public final class EventDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final Duration IN_PROGRESS_POLL = Duration.ofMillis(50);

    private final Handlers handlers;
    private final InteractionTransport transport;
    private final DiscordRestClient rest;
    private final StateStore state;
    private final EventLedger ledger;
    private final DispatchOptions options;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService timers;

    /**
     * @param timers runs the automatic defers; its tasks only start a virtual thread, so one
     *               platform thread is plenty
     */
    public EventDispatcher(Handlers handlers, InteractionTransport transport, DiscordRestClient rest,
                           StateStore state, EventLedger ledger, DispatchOptions options,
                           WorkerMetrics metrics, Clock clock, ScheduledExecutorService timers) {
        this.handlers = handlers;
        this.transport = transport;
        this.rest = rest;
        this.state = state;
        this.ledger = ledger;
        this.options = options;
        this.metrics = metrics;
        this.clock = clock;
        this.timers = timers;
    }

    public Outcome dispatch(Envelope envelope) {
        MDC.put("eventId", envelope.eventId());
        if (envelope.traceId() != null) {
            MDC.put("traceId", envelope.traceId());
        }
        try {
            Outcome outcome = envelope.isInteraction() ? interaction(envelope) : guildEvent(envelope);
            metrics.processed(envelope.eventType(), outcome.label());
            report(envelope, outcome);
            return outcome;
        } finally {
            MDC.remove("eventId");
            MDC.remove("traceId");
        }
    }

    private Outcome interaction(Envelope envelope) {
        Optional<InteractionHandler> handler = handlers.forInteraction(envelope.eventType(),
                envelope.data().get("commandName"), envelope.data().get("customId"));
        if (handler.isEmpty()) {
            return new Outcome.NoHandler();
        }
        InteractionDeadline deadline = InteractionDeadline.of(envelope.interactionId(),
                options.autoDeferMargin(), options.minimumWindow());
        long now = clock.millis();
        if (deadline.expiredOnArrival(now)) {
            return expired("arrived " + deadline.ageMillis(now) + " ms after creation");
        }
        ClaimResult claim = claim(envelope, deadline.firstResponseByMillis());
        if (claim == ClaimResult.ALREADY_DONE || claim == ClaimResult.IN_PROGRESS) {
            // In progress past the answer window: the live owner answers it; ours is a duplicate.
            metrics.deduplicated(envelope.eventType());
            return new Outcome.Duplicate();
        }
        InteractionSession session = new InteractionSession(envelope, deadline, transport, rest, state, clock, metrics);
        if (claim == ClaimResult.TAKEN_OVER) {
            LOG.info("taking over an interaction whose worker stopped before finishing it");
            if (session.answeredByEarlierTry()) {
                // It answered, then died before recording it: record it now, answer nothing.
                ledger.complete(envelope.eventId(), options.effectOnceRetention());
                metrics.deduplicated(envelope.eventType());
                return new Outcome.Duplicate();
            }
        }
        ScheduledFuture<?> autoDefer = session.kind() == InteractionSession.Kind.AUTOCOMPLETE ? null
                : timers.schedule(() -> Thread.ofVirtual().name("auto-defer").start(session::autoDefer),
                        deadline.millisUntilDefer(clock.millis()), TimeUnit.MILLISECONDS);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    handler.get().handle(session);
                    ledger.complete(envelope.eventId(), options.effectOnceRetention());
                    return new Outcome.Handled();
                } catch (InteractionExpiredException e) {
                    ledger.complete(envelope.eventId(), options.effectOnceRetention());
                    return expired(e.getMessage());
                } catch (Exception e) {
                    boolean retryable = FailureClassifier.isRetryable(e);
                    if (retryable && attempt < options.maxAttempts() && session.retryPossible() && backOff(envelope, attempt)
                            && session.retryPossible()) {
                        continue;
                    }
                    session.failed(); // a loading message left by a defer becomes a short error text
                    ledger.release(envelope.eventId(), options.owner());
                    return new Outcome.Failed(retryable, FailureClassifier.describe(e), e, attempt);
                }
            }
        } finally {
            if (autoDefer != null) {
                autoDefer.cancel(false);
            }
        }
    }

    private Outcome guildEvent(Envelope envelope) {
        Optional<GuildEventHandler> handler = handlers.forGuildEvent(envelope.eventType());
        if (handler.isEmpty()) {
            return new Outcome.NoHandler();
        }
        ClaimResult claim = claim(envelope, clock.millis() + options.inProgressWait().toMillis());
        if (claim == ClaimResult.ALREADY_DONE) {
            metrics.deduplicated(envelope.eventType());
            return new Outcome.Duplicate();
        }
        if (claim == ClaimResult.IN_PROGRESS) {
            return new Outcome.InProgressElsewhere();
        }
        GuildEvent context = new GuildEvent(envelope, rest, state);
        for (int attempt = 1; ; attempt++) {
            try {
                handler.get().handle(context);
                ledger.complete(envelope.eventId(), options.effectOnceRetention());
                metrics.latency(envelope.eventType(), Duration.ofMillis(clock.millis() - envelope.receivedAt()));
                return new Outcome.Handled();
            } catch (Exception e) {
                boolean retryable = FailureClassifier.isRetryable(e);
                if (retryable && attempt < options.maxAttempts() && backOff(envelope, attempt)) {
                    continue;
                }
                ledger.release(envelope.eventId(), options.owner());
                return new Outcome.Failed(retryable, FailureClassifier.describe(e), e, attempt);
            }
        }
    }

    /** Claims the event, waiting (bounded) while another live worker runs it. */
    private ClaimResult claim(Envelope envelope, long waitUntilMillis) {
        ClaimResult claim = ledger.claim(envelope.eventId(), options.owner());
        while (claim == ClaimResult.IN_PROGRESS && clock.millis() < waitUntilMillis) {
            if (!sleep(IN_PROGRESS_POLL)) {
                return claim;
            }
            claim = ledger.claim(envelope.eventId(), options.owner());
        }
        return claim;
    }

    /** @return false when interrupted (shutting down): no more tries */
    private boolean backOff(Envelope envelope, int attempt) {
        metrics.retry(envelope.eventType());
        Duration delay = options.backoff().delay(attempt, ThreadLocalRandom.current()::nextDouble);
        LOG.debug("retrying in {} ms (attempt {} of {})", delay.toMillis(), attempt + 1, options.maxAttempts());
        return sleep(delay);
    }

    private static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Outcome expired(String reason) {
        metrics.expired();
        return new Outcome.Expired(reason);
    }

    private static void report(Envelope envelope, Outcome outcome) {
        switch (outcome) {
            case Outcome.Expired expired ->
                    LOG.info("{} expired, acknowledged without answering: {}", envelope.eventType(), expired.reason());
            case Outcome.Failed failed ->
                    LOG.warn("{} failed after {} attempt(s), {}: {}", envelope.eventType(), failed.attempts(),
                            failed.retryable() ? "retries used up" : "not retryable", failed.reason());
            case Outcome.Duplicate d -> LOG.debug("{} already took effect; skipped", envelope.eventType());
            default -> LOG.debug("{} {}", envelope.eventType(), outcome.label());
        }
    }
}
