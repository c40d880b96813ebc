package community.arrakis.gatewayproxy.worker;

import community.arrakis.gatewayproxy.broker.consume.ConsumingConnection;
import community.arrakis.gatewayproxy.broker.consume.EnvelopeSink;
import community.arrakis.gatewayproxy.broker.consume.ManualAckConsumer;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the single guild queue of the versions before partitions, for as long as it exists, so
 * that an upgrade loses none of the events it still holds (docs/runbook.md, "Upgrading to guild
 * partitions"). The queue keeps its single active consumer: one worker drains it, in order. New
 * events never reach it: partition routing keys ({@code p07.member.join}) match none of its
 * bindings. Once an operator deletes it, the subscription is closed and nothing more is said.
 *
 * <p>Not part of readiness: a worker is ready without it.
 */
final class LegacyGuildQueueDrain {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyGuildQueueDrain.class);
    /** How often the worker looks whether the queue was deleted. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(5);

    private final ConsumingConnection broker;
    private final ManualAckConsumer consumer;
    private volatile ScheduledFuture<?> check;

    private LegacyGuildQueueDrain(ConsumingConnection broker, ManualAckConsumer consumer) {
        this.broker = broker;
        this.consumer = consumer;
    }

    /** Starts draining when the legacy queue exists; null when it does not. */
    static LegacyGuildQueueDrain startIfPresent(ConsumingConnection broker, Topology topology, int prefetch,
                                                EnvelopeSink sink, ScheduledExecutorService timers) throws IOException {
        if (!broker.legacyGuildQueueExists()) {
            return null;
        }
        LOG.warn("the guild queue of the versions before partitions, {}, still exists: consuming it until it is"
                + " deleted; delete it once it is empty (docs/runbook.md, \"Upgrading to guild partitions\")",
                topology.legacyGuildQueue());
        LegacyGuildQueueDrain drain = new LegacyGuildQueueDrain(broker,
                broker.consume(topology.legacyGuildQueue(), true, prefetch, sink, timers));
        drain.check = timers.scheduleWithFixedDelay(drain::closeIfDeleted, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return drain;
    }

    private void closeIfDeleted() {
        try {
            if (!broker.legacyGuildQueueExists()) {
                LOG.info("{} was deleted: no longer consuming it", consumer.queue());
                close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("looking for {} failed: {}", consumer.queue(), e.getMessage());
        }
    }

    void stop() {
        consumer.stop();
    }

    void close() {
        ScheduledFuture<?> scheduled = check;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        consumer.close();
    }
}
