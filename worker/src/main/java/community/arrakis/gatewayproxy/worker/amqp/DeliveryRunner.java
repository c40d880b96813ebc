package community.arrakis.gatewayproxy.worker.amqp;

import community.arrakis.gatewayproxy.broker.consume.Delivery;
import community.arrakis.gatewayproxy.broker.consume.EnvelopeSink;
import community.arrakis.gatewayproxy.broker.consume.Settlement;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.worker.dispatch.EventDispatcher;
import community.arrakis.gatewayproxy.worker.dispatch.LaneScheduler;
import community.arrakis.gatewayproxy.worker.dispatch.Outcome;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.state.StoreAvailability;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.MDC;

/**
 * Runs the envelopes of one queue through the {@link EventDispatcher} on the {@link LaneScheduler}
 * (interactions ahead of everything; guild events in their guild's lane) and settles each delivery
 * by its outcome:
 *
 * <pre>
 * Failed                 dead-letter with the reason, then ack
 * InProgressElsewhere    requeue: another live worker holds it
 * StoreUnavailable       interactions: requeue (the consumer is paused meanwhile, so it waits in the
 *                        queue or goes to a worker that can answer it, and its 3 s clock decides on
 *                        the next delivery); guild events: held here, in order, and run again as
 *                        soon as the store answers
 * anything else          ack
 * not started by a stop  given back (see {@link Delivery#giveBack})
 * </pre>
 *
 * While the store is known to be unusable, a delivery does not even start: an interaction goes
 * back at once and a guild event waits, instead of each one spending a command timeout to find out.
 * Any exception still settles the delivery ({@link Delivery#settleWith}).
 */
public final class DeliveryRunner implements EnvelopeSink {

    /** How long a held guild event waits for the store between checks that the worker is not stopping. */
    private static final Duration HOLD_CHECK = Duration.ofMillis(500);

    private final boolean ordered;
    private final EventDispatcher dispatcher;
    private final LaneScheduler scheduler;
    private final StoreAvailability availability;
    private final WorkerMetrics metrics;
    private final BooleanSupplier stopping;

    /**
     * @param ordered  true for a guild partition queue
     * @param stopping true once a graceful stop began: work not started is given back
     */
    public DeliveryRunner(boolean ordered, EventDispatcher dispatcher, LaneScheduler scheduler,
                          StoreAvailability availability, WorkerMetrics metrics, BooleanSupplier stopping) {
        this.ordered = ordered;
        this.dispatcher = dispatcher;
        this.scheduler = scheduler;
        this.availability = availability;
        this.metrics = metrics;
        this.stopping = stopping;
    }

    @Override
    public void accept(Envelope envelope, Delivery delivery) {
        Pending work = new Pending(envelope, delivery);
        if (ordered) {
            scheduler.submitOrdered(envelope.guildId(), work);
        } else {
            scheduler.submitInteraction(work);
        }
    }

    @Override
    public void undecodable(String queue, String reason) {
        metrics.deadLettered("decode");
    }

    @Override
    public void settled(String queue, Settlement settlement) {
        metrics.settled(queue, settlement.label());
    }

    /** A delivery handed to the scheduler; {@link #giveBack()} if it must not start here after all. */
    public final class Pending implements Runnable {
        private final Envelope envelope;
        private final Delivery delivery;

        private Pending(Envelope envelope, Delivery delivery) {
            this.envelope = envelope;
            this.delivery = delivery;
        }

        @Override
        public void run() {
            delivery.settleWith(this::outcome);
        }

        private Settlement outcome() {
            while (true) {
                if (stopping.getAsBoolean()) {
                    return giveBackSettlement(); // not started before the shutdown began: another worker runs it
                }
                if (!availability.available()) {
                    if (!ordered) {
                        return new Settlement.Requeue(availability.name() + " unavailable");
                    }
                    awaitStore();
                    continue;
                }
                Outcome outcome = dispatcher.dispatch(envelope, delivery.deferredByPublisher());
                if (outcome instanceof Outcome.StoreUnavailable) {
                    continue; // the availability knows now: the checks above decide
                }
                return settlementOf(outcome);
            }
        }

        private void awaitStore() {
            try {
                availability.awaitAvailable(HOLD_CHECK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while holding a guild event for " + availability.name(), e);
            }
        }

        private Settlement settlementOf(Outcome outcome) {
            MDC.put("eventId", envelope.eventId());
            try {
                return switch (outcome) {
                    case Outcome.Failed failed -> {
                        Throwable cause = failed.cause();
                        metrics.deadLettered("handler");
                        yield new Settlement.DeadLetter(failed.reason(), cause == null ? "" : cause.getClass().getName(),
                                failed.attempts());
                    }
                    case Outcome.InProgressElsewhere busy -> new Settlement.Requeue("in progress on another worker");
                    default -> Settlement.ACK;
                };
            } finally {
                MDC.remove("eventId");
            }
        }

        /** Not run here: see {@link Delivery#giveBack()}. */
        public void giveBack() {
            delivery.giveBack();
        }

        private Settlement giveBackSettlement() {
            return ordered ? Settlement.RETURN_ON_CLOSE : new Settlement.Requeue("worker stopping");
        }
    }
}
