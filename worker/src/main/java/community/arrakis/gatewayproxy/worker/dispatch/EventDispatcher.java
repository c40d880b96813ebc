package community.arrakis.gatewayproxy.worker.dispatch;

import community.arrakis.gatewayproxy.common.Backoff;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.ops.Sleeper;
import community.arrakis.gatewayproxy.worker.handler.GuildEventHandler;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import community.arrakis.gatewayproxy.worker.handler.InteractionExpiredException;
import community.arrakis.gatewayproxy.worker.handler.InteractionHandler;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.state.ClaimResult;
import community.arrakis.gatewayproxy.worker.state.EventLedger;
import community.arrakis.gatewayproxy.worker.state.StateStore;
import community.arrakis.gatewayproxy.worker.state.StateUnavailableException;
import community.arrakis.gatewayproxy.worker.state.StoreAvailability;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *       {@code maxAttempts}; an interaction still unanswered when its time for a first answer ran
 *       out is {@link Outcome.Expired}; otherwise {@link Outcome.Failed}, released in the ledger so
 *       a replay from the dead-letter queue may run it (an interaction left deferred first gets its
 *       loading message turned into a short error text);</li>
 *   <li>success: marked done in the ledger, {@link Outcome.Handled}.</li>
 * </ol>
 *
 * <p>When the state store is unusable ({@link StateUnavailableException}, reported to the {@link
 * StoreAvailability}): before the handler ran, or when the handler's own state call failed before
 * anything was answered, the outcome is {@link Outcome.StoreUnavailable} and the event source holds
 * or returns the event to run it again later. After the handler took effect, the "done" record
 * waits for the store (up to {@link #RECORD_DONE_HOLD}); if the store stays away, the event is still
 * reported handled: its effect happened, and the only loss is the record that would turn a later
 * replay into a duplicate (docs/architecture.md, failure model).
 *
 * <p>A claim that timed out may still have been carried out: Redis runs the script when it gets to
 * it, after the caller gave up. Left alone, that claim would make the event look in progress on
 * this (live) worker, and another worker receiving it again would take it for a duplicate and
 * answer nothing. So the ids of claims that failed are remembered and released as soon as the store
 * answers again, before consumption resumes.
 */
public final class EventDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final Duration IN_PROGRESS_POLL = Duration.ofMillis(50);
    /** How long a handled event's "done" record waits for an unusable store. */
    public static final Duration RECORD_DONE_HOLD = Duration.ofSeconds(30);

    private final Handlers handlers;
    private final InteractionTransport transport;
    private final DiscordRestClient rest;
    private final StateStore state;
    private final EventLedger ledger;
    private final DispatchOptions options;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ScheduledExecutorService timers;
    private final StoreAvailability availability;
    /** Event ids whose claim failed with the store unusable: possibly claimed after all (see the class comment). */
    private final Set<String> uncertainClaims = ConcurrentHashMap.newKeySet();
    /** Event ids this worker holds a claim on or is claiming right now (see the class comment). */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** Which events this dispatcher runs at all; every one unless a migration says otherwise. */
    private volatile EventAdmission admission = EventAdmission.ALL;

    /** A dispatcher whose state cannot become unusable (in memory). */
    public EventDispatcher(Handlers handlers, InteractionTransport transport, DiscordRestClient rest,
                           StateStore state, EventLedger ledger, DispatchOptions options,
                           WorkerMetrics metrics, Clock clock, ScheduledExecutorService timers) {
        this(handlers, transport, rest, state, ledger, options, metrics, clock, timers,
                StoreAvailability.alwaysAvailable("in-memory state", clock));
    }

    /**
     * @param timers       runs the automatic defers; its tasks only start a virtual thread, so one
     *                     platform thread is plenty
     * @param availability told when the state store turns out unusable; waited on to record a
     *                     handled event
     */
    public EventDispatcher(Handlers handlers, InteractionTransport transport, DiscordRestClient rest,
                           StateStore state, EventLedger ledger, DispatchOptions options,
                           WorkerMetrics metrics, Clock clock, ScheduledExecutorService timers,
                           StoreAvailability availability) {
        this(handlers, transport, rest, state, ledger, options, metrics, clock, Sleeper.SYSTEM, timers, availability);
    }

    /**
     * @param clock   the wall clock: interaction deadlines, the wait for another copy's claim
     * @param sleeper waits between retries and while another copy of the event holds its claim
     */
    public EventDispatcher(Handlers handlers, InteractionTransport transport, DiscordRestClient rest,
                           StateStore state, EventLedger ledger, DispatchOptions options,
                           WorkerMetrics metrics, Clock clock, Sleeper sleeper, ScheduledExecutorService timers,
                           StoreAvailability availability) {
        this.availability = availability;
        availability.addListener(new StoreAvailability.Listener() {
            @Override
            public void unavailable(String reason) {
            }

            @Override
            public void available() {
                releaseUncertainClaims();
            }
        });
        this.handlers = handlers;
        this.transport = transport;
        this.rest = rest;
        this.state = state;
        this.ledger = ledger;
        this.options = options;
        this.metrics = metrics;
        this.clock = clock;
        this.sleeper = sleeper;
        this.timers = timers;
    }

    public Outcome dispatch(Envelope envelope) {
        return dispatch(envelope, false);
    }

    /**
     * Runs only the events {@code eventAdmission} admits (a migration's guild canaries), the others
     * ending {@link Outcome.NotOurs}. Set before the first event.
     */
    public EventDispatcher admitting(EventAdmission eventAdmission) {
        this.admission = java.util.Objects.requireNonNull(eventAdmission, "admission");
        return this;
    }

    /**
     * @param deferredByIngestor the ingestor already answered Discord with a deferred response (the
     *                           broker was away, see the ingestor's {@code InteractionDeferrer}):
     *                           the interaction may be answered for 15 minutes, by finishing that
     *                           loading state, and no automatic defer is needed
     */
    public Outcome dispatch(Envelope envelope, boolean deferredByIngestor) {
        MDC.put("eventId", envelope.eventId());
        if (envelope.traceId() != null) {
            MDC.put("traceId", envelope.traceId());
        }
        try {
            Outcome outcome;
            try {
                if (!admission.admits(envelope)) {
                    outcome = new Outcome.NotOurs();
                } else {
                    outcome = envelope.isInteraction() ? interaction(envelope, deferredByIngestor) : guildEvent(envelope);
                }
            } catch (StateUnavailableException e) {
                availability.failed(e);
                outcome = new Outcome.StoreUnavailable(e.getMessage());
            }
            metrics.processed(envelope.eventType(), outcome.label());
            report(envelope, outcome);
            return outcome;
        } finally {
            admission.finished(envelope);
            MDC.remove("eventId");
            MDC.remove("traceId");
        }
    }

    private Outcome interaction(Envelope envelope, boolean deferredByIngestor) {
        Optional<InteractionHandler> handler = handlers.forInteraction(envelope.eventType(),
                envelope.data().get("commandName"), envelope.data().get("customId"));
        if (handler.isEmpty()) {
            return new Outcome.NoHandler();
        }
        InteractionDeadline deadline = InteractionDeadline.of(envelope.interactionId(),
                options.autoDeferMargin(), options.minimumWindow());
        long now = clock.millis();
        if (deferredByIngestor ? !deadline.tokenValid(now) : deadline.expiredOnArrival(now)) {
            return expired("arrived " + deadline.ageMillis(now) + " ms after creation"
                    + (deferredByIngestor ? ", deferred by the ingestor, past the token's 15 min" : ""));
        }
        ClaimResult claim = claim(envelope, deferredByIngestor ? now + options.inProgressWait().toMillis()
                : deadline.firstResponseByMillis());
        if (claim == ClaimResult.ALREADY_DONE || claim == ClaimResult.IN_PROGRESS) {
            // In progress past the answer window: the live owner answers it; ours is a duplicate.
            metrics.deduplicated(envelope.eventType());
            return new Outcome.Duplicate();
        }
        try {
            return runInteraction(envelope, handler.get(), deadline, claim, deferredByIngestor);
        } finally {
            finished(envelope);
        }
    }

    private Outcome runInteraction(Envelope envelope, InteractionHandler handler, InteractionDeadline deadline,
                                   ClaimResult claim, boolean deferredByIngestor) {
        InteractionSession session = new InteractionSession(envelope, deadline, transport, rest, state, clock, metrics);
        if (deferredByIngestor) {
            session.deferredElsewhere();
        }
        if (claim == ClaimResult.TAKEN_OVER) {
            LOG.info("taking over an interaction whose worker stopped before finishing it");
            if (session.answeredByEarlierTry()) {
                // It answered, then died before recording it: record it now, answer nothing.
                recordDone(envelope);
                metrics.deduplicated(envelope.eventType());
                return new Outcome.Duplicate();
            }
        }
        ScheduledFuture<?> autoDefer = session.kind() == InteractionSession.Kind.AUTOCOMPLETE || deferredByIngestor ? null
                : timers.schedule(() -> Thread.ofVirtual().name("auto-defer").start(session::autoDefer),
                        deadline.millisUntilDefer(clock.millis()), TimeUnit.MILLISECONDS);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    handler.handle(session);
                    recordDone(envelope);
                    return new Outcome.Handled();
                } catch (InteractionExpiredException e) {
                    // Released, not recorded done: a copy the ingestor marked deferred (it answered
                    // Discord with a loading message meanwhile) may still finish it within 15 min.
                    releaseQuietly(envelope);
                    return expired(e.getMessage());
                } catch (Exception e) {
                    if (StateUnavailableException.isUnavailability(e)) {
                        if (!session.responded()) {
                            // Nothing answered yet: another try, here or on another worker, can still answer it.
                            releaseQuietly(envelope);
                            throw unavailable(e);
                        }
                        availability.failed(unavailable(e)); // answered already: it fails below, and the worker pauses
                    }
                    boolean retryable = FailureClassifier.isRetryable(e);
                    if (retryable && attempt < options.maxAttempts() && session.retryPossible() && backOff(envelope, attempt)
                            && session.retryPossible()) {
                        continue;
                    }
                    if (retryable && session.firstAnswerWindowClosed()) {
                        // Discord (or the way to it) failed until its 3 s ran out: expired, not failed,
                        // since no first answer can be given any more. Released, as any expiry: a copy the
                        // ingestor marked deferred may still finish it.
                        releaseQuietly(envelope);
                        return expired("no first answer got through before the deadline: " + FailureClassifier.describe(e));
                    }
                    session.failed(); // a loading message left by a defer becomes a short error text
                    releaseQuietly(envelope);
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
        try {
            return runGuildEvent(envelope, handler.get());
        } finally {
            finished(envelope);
        }
    }

    private Outcome runGuildEvent(Envelope envelope, GuildEventHandler handler) {
        GuildEvent context = new GuildEvent(envelope, rest, state);
        for (int attempt = 1; ; attempt++) {
            try {
                handler.handle(context);
                recordDone(envelope);
                metrics.latency(envelope.eventType(), Duration.ofMillis(clock.millis() - envelope.receivedAt()));
                return new Outcome.Handled();
            } catch (Exception e) {
                if (StateUnavailableException.isUnavailability(e)) {
                    releaseQuietly(envelope);
                    throw unavailable(e); // held and run again when the store answers (see the class comment)
                }
                boolean retryable = FailureClassifier.isRetryable(e);
                if (retryable && attempt < options.maxAttempts() && backOff(envelope, attempt)) {
                    continue;
                }
                releaseQuietly(envelope);
                return new Outcome.Failed(retryable, FailureClassifier.describe(e), e, attempt);
            }
        }
    }

    /**
     * Records that the event took effect, waiting for an unusable store up to {@link
     * #RECORD_DONE_HOLD}; see the class comment for why it then goes on without the record.
     */
    private void recordDone(Envelope envelope) {
        long giveUpAt = clock.millis() + RECORD_DONE_HOLD.toMillis();
        while (true) {
            try {
                ledger.complete(envelope.eventId(), options.effectOnceRetention());
                return;
            } catch (StateUnavailableException e) {
                availability.failed(e);
                long left = giveUpAt - clock.millis();
                try {
                    if (left <= 0 || !availability.awaitAvailable(Duration.ofMillis(left))) {
                        LOG.warn("{} took effect but could not be recorded as done within {} s ({}); a replay of it "
                                + "would run again", envelope.eventType(), RECORD_DONE_HOLD.toSeconds(), e.getMessage());
                        return;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Gives the claim up; when the store is unusable the claim lapses with its owner's heartbeat instead. */
    private void releaseQuietly(Envelope envelope) {
        try {
            ledger.release(envelope.eventId(), options.owner());
        } catch (StateUnavailableException e) {
            availability.failed(e);
        }
    }

    private static StateUnavailableException unavailable(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StateUnavailableException unavailable) {
                return unavailable;
            }
        }
        return new StateUnavailableException(e.getMessage(), e);
    }

    /**
     * Claims the event, waiting (bounded) while another live worker, or another copy of it on this
     * one, runs it. When the result {@link ClaimResult#mayRun may run}, the caller must call {@link
     * #finished} once it is done with the event.
     */
    private ClaimResult claim(Envelope envelope, long waitUntilMillis) {
        String eventId = envelope.eventId();
        while (!running.add(eventId)) {
            if (clock.millis() >= waitUntilMillis || !sleep(IN_PROGRESS_POLL)) {
                return ClaimResult.IN_PROGRESS;
            }
        }
        ClaimResult claim = ClaimResult.IN_PROGRESS;
        try {
            claim = claimOnce(eventId);
            while (claim == ClaimResult.IN_PROGRESS && clock.millis() < waitUntilMillis) {
                if (!sleep(IN_PROGRESS_POLL)) {
                    return claim;
                }
                claim = claimOnce(eventId);
            }
            return claim;
        } finally {
            if (!claim.mayRun()) {
                finished(envelope);
            }
        }
    }

    /** This worker is done with a claimed event: another copy of it may ask the ledger. */
    private void finished(Envelope envelope) {
        running.remove(envelope.eventId());
    }

    private ClaimResult claimOnce(String eventId) {
        try {
            ClaimResult claim = ledger.claim(eventId, options.owner());
            uncertainClaims.remove(eventId);
            return claim;
        } catch (StateUnavailableException e) {
            uncertainClaims.add(eventId);
            throw e;
        }
    }

    /** Runs when the store answers again, before the consumers resume (listeners run in order). */
    private void releaseUncertainClaims() {
        for (String eventId : List.copyOf(uncertainClaims)) {
            if (running.contains(eventId)) {
                continue; // a held event that claimed it again as the store came back: the claim is real now
            }
            try {
                ledger.release(eventId, options.owner());
                uncertainClaims.remove(eventId);
            } catch (StateUnavailableException e) {
                LOG.debug("releasing a claim that may have been made failed again: {}", e.getMessage());
                return; // the next outage's end tries again
            }
        }
    }

    /** @return false when interrupted (shutting down): no more tries */
    private boolean backOff(Envelope envelope, int attempt) {
        metrics.retry(envelope.eventType());
        Duration delay = options.backoff().delay(attempt, ThreadLocalRandom.current()::nextDouble);
        LOG.debug("retrying in {} ms (attempt {} of {})", delay.toMillis(), attempt + 1, options.maxAttempts());
        return sleep(delay);
    }

    private boolean sleep(Duration delay) {
        try {
            sleeper.sleep(delay);
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
