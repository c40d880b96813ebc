package community.arrakis.gatewayproxy.worker.local;

import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.worker.dispatch.DispatchOptions;
import community.arrakis.gatewayproxy.worker.dispatch.EventAdmission;
import community.arrakis.gatewayproxy.worker.dispatch.EventDispatcher;
import community.arrakis.gatewayproxy.worker.dispatch.InteractionTransport;
import community.arrakis.gatewayproxy.worker.dispatch.LaneScheduler;
import community.arrakis.gatewayproxy.worker.dispatch.Outcome;
import community.arrakis.gatewayproxy.worker.dispatch.RestInteractionTransport;
import community.arrakis.gatewayproxy.worker.dispatch.TimerThread;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.state.InMemoryStateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone mode: the gateway thread calls {@link #submit(Envelope)}, which only enqueues and
 * returns at once; handlers run on virtual threads through the same {@link EventDispatcher} as a
 * worker's, interactions ahead of guild events, one guild's events in order, guilds in parallel.
 *
 * <p>The queue is <b>unbounded</b>: the gateway must never block (a blocked gateway thread misses
 * heartbeats and loses the session) and no event may be dropped, so a backlog grows in memory
 * instead; {@link #queued()} and the {@code arrakis_worker_queued} gauge show it. There is no
 * broker to dead-letter to, so a failed event is logged with its reason and counted.
 */
public final class LocalEventLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalEventLoop.class);

    private final EventDispatcher dispatcher;
    private final LaneScheduler scheduler;
    private final ScheduledExecutorService timers;
    private final InMemoryStateStore state;
    private final Consumer<Outcome> outcomes;

    private LocalEventLoop(EventDispatcher dispatcher, LaneScheduler scheduler, ScheduledExecutorService timers,
                           InMemoryStateStore state, Consumer<Outcome> outcomes) {
        this.dispatcher = dispatcher;
        this.scheduler = scheduler;
        this.timers = timers;
        this.state = state;
        this.outcomes = outcomes;
    }

    /**
     * @param handlers    the bot's handlers
     * @param rest        the REST client handlers use and interactions are answered through
     * @param concurrency handlers running at once
     * @param metrics     where counts go ({@link WorkerMetrics#standalone()} when not scraped)
     */
    public static LocalEventLoop start(Handlers handlers, DiscordRestClient rest, int concurrency, WorkerMetrics metrics) {
        return start(handlers, rest, new RestInteractionTransport(rest, metrics), concurrency, metrics,
                DispatchOptions.defaults("standalone"), outcome -> { });
    }

    /** Full control, for tests and for modes that answer interactions differently. */
    public static LocalEventLoop start(Handlers handlers, DiscordRestClient rest, InteractionTransport transport,
                                       int concurrency, WorkerMetrics metrics, DispatchOptions options,
                                       Consumer<Outcome> outcomes) {
        return start(handlers, rest, transport, concurrency, metrics, options, outcomes, EventAdmission.ALL);
    }

    /**
     * As above, running only the events {@code admission} admits: the standalone side of a
     * migration with guild canaries (docs/migration.md).
     */
    public static LocalEventLoop start(Handlers handlers, DiscordRestClient rest, InteractionTransport transport,
                                       int concurrency, WorkerMetrics metrics, DispatchOptions options,
                                       Consumer<Outcome> outcomes, EventAdmission admission) {
        InMemoryStateStore state = new InMemoryStateStore();
        ScheduledExecutorService timers = TimerThread.start("standalone-timers");
        EventDispatcher dispatcher = new EventDispatcher(handlers, transport, rest, state, state, options, metrics,
                Clock.systemUTC(), timers).admitting(admission);
        LaneScheduler scheduler = new LaneScheduler(concurrency, "standalone-handler");
        metrics.queuedGauge(scheduler::queued);
        return new LocalEventLoop(dispatcher, scheduler, timers, state, outcomes);
    }

    /** Never blocks. Safe to call from the gateway's reading thread. */
    public void submit(Envelope envelope) {
        Runnable work = () -> {
            Outcome outcome = dispatcher.dispatch(envelope);
            if (outcome instanceof Outcome.Failed failed) {
                LOG.error("{} {} failed after {} attempt(s), dropped (standalone mode has no dead-letter queue): {}",
                        envelope.eventType(), envelope.eventId(), failed.attempts(), failed.reason());
            } else if (outcome instanceof Outcome.StoreUnavailable unavailable) {
                // only with guild canaries, whose owner record is in Redis: nothing to hold it in here
                LOG.error("{} {} not handled: Redis, which decides which side of the migration runs it, is unusable ({})",
                        envelope.eventType(), envelope.eventId(), unavailable.reason());
            }
            outcomes.accept(outcome);
        };
        if (envelope.isInteraction()) {
            scheduler.submitInteraction(work);
        } else {
            scheduler.submitOrdered(envelope.guildId(), work);
        }
    }

    /** Envelopes waiting for a handler slot. */
    public int queued() {
        return scheduler.queued();
    }

    /** The in-memory state handlers see. */
    public InMemoryStateStore state() {
        return state;
    }

    /** Waits until every submitted envelope was handled; false when the timeout passed first. */
    public boolean drain(Duration timeout) throws InterruptedException {
        return scheduler.awaitIdle(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            drain(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.close();
        timers.shutdownNow();
    }
}
