package community.arrakis.gatewayproxy.worker.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.ShutdownSignalException;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.InvalidEnvelopeException;
import community.arrakis.gatewayproxy.worker.dispatch.EventDispatcher;
import community.arrakis.gatewayproxy.worker.dispatch.LaneScheduler;
import community.arrakis.gatewayproxy.worker.dispatch.Outcome;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Consumes one queue on a channel of its own with manual acks and a prefetch. Each delivery is
 * decoded on the client's dispatch thread (cheap), then handed to the {@link LaneScheduler}:
 * interactions to the priority queue, guild events to their guild's lane. The outcome decides:
 *
 * <pre>
 * not decodable          dead-letter (reason = decoder's message), then ack
 * Failed                 dead-letter (reason = failure), then ack
 * InProgressElsewhere    nack with requeue: another live worker holds it
 * anything else          ack
 * </pre>
 *
 * If the dead-letter publish is not confirmed, the message is rejected without requeue instead,
 * so the queue's own dead-letter exchange keeps it: never lost, never blocking the queue.
 *
 * <p>Stopping ({@link #stop()}, the first step of a graceful shutdown): handlers already running
 * finish and settle as usual; a delivery whose handler has not started does not start here. On the
 * interactions queue it is requeued at once (nack), so another worker answers it within Discord's
 * 3 s, and the consumer is cancelled. On the guild queue it is held unacknowledged and the
 * subscription kept until {@link #close()}: cancelling first would let the next single active
 * consumer start a guild's later events while this worker still runs an earlier one. Closing the
 * channel then requeues the held events in their queue order and hands the queue over.
 */
public final class QueueConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);

    private final String queue;
    private final boolean ordered;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final EventDispatcher dispatcher;
    private final LaneScheduler scheduler;
    private final DeadLetterPublisher deadLetters;
    private final WorkerMetrics metrics;
    private final ReentrantLock channelLock = new ReentrantLock();
    private volatile String consumerTag;
    private volatile boolean stopping;

    private QueueConsumer(Channel channel, String queue, boolean ordered, EventDispatcher dispatcher,
                          LaneScheduler scheduler, DeadLetterPublisher deadLetters, WorkerMetrics metrics) {
        super(channel);
        this.queue = queue;
        this.ordered = ordered;
        this.dispatcher = dispatcher;
        this.scheduler = scheduler;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /**
     * Opens a channel, sets the prefetch and starts consuming.
     *
     * @param ordered true for the guild queue: events run in their guild's lane
     */
    public static QueueConsumer start(Connection connection, String queue, boolean ordered, int prefetch,
                                      EventDispatcher dispatcher, LaneScheduler scheduler,
                                      DeadLetterPublisher deadLetters, WorkerMetrics metrics) throws IOException {
        Channel channel = connection.createChannel();
        channel.basicQos(prefetch);
        QueueConsumer consumer = new QueueConsumer(channel, queue, ordered, dispatcher, scheduler, deadLetters, metrics);
        consumer.consumerTag = channel.basicConsume(queue, false, consumer);
        return consumer;
    }

    public String queue() {
        return queue;
    }

    /** Whether the channel is open and the consumer registered (readiness). */
    public boolean consuming() {
        return getChannel().isOpen() && consumerTag != null;
    }

    @Override
    public void handleDelivery(String tag, com.rabbitmq.client.Envelope delivery, AMQP.BasicProperties props, byte[] body) {
        long deliveryTag = delivery.getDeliveryTag();
        Envelope envelope;
        try {
            envelope = codec.decode(body);
        } catch (InvalidEnvelopeException e) {
            LOG.warn("undecodable message on {} dead-lettered: {}", queue, e.getMessage());
            Thread.ofVirtual().name("dead-letter").start(() -> {
                deadLetter(deliveryTag, body, props, e.getMessage(), e.getClass().getName(), 0);
                metrics.deadLettered("decode");
            });
            return;
        }
        if (stopping) {
            giveBack(deliveryTag);
            return;
        }
        Runnable work = new Pending(deliveryTag, envelope, props, body);
        if (ordered) {
            scheduler.submitOrdered(envelope.guildId(), work);
        } else {
            scheduler.submitInteraction(work);
        }
    }

    private void settle(long deliveryTag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        Outcome outcome = dispatcher.dispatch(envelope);
        MDC.put("eventId", envelope.eventId());
        try {
            switch (outcome) {
                case Outcome.Failed failed -> {
                    Throwable cause = failed.cause();
                    deadLetter(deliveryTag, body, props, failed.reason(),
                            cause == null ? "" : cause.getClass().getName(), failed.attempts());
                    metrics.deadLettered("handler");
                }
                case Outcome.InProgressElsewhere busy -> withChannel(ch -> ch.basicNack(deliveryTag, false, true));
                default -> withChannel(ch -> ch.basicAck(deliveryTag, false));
            }
        } finally {
            MDC.remove("eventId");
        }
    }

    /** A delivery handed to the scheduler; {@link #giveBack()} if it must not start here after all. */
    public final class Pending implements Runnable {
        private final long deliveryTag;
        private final Envelope envelope;
        private final AMQP.BasicProperties props;
        private final byte[] body;

        private Pending(long deliveryTag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            this.deliveryTag = deliveryTag;
            this.envelope = envelope;
            this.props = props;
            this.body = body;
        }

        @Override
        public void run() {
            if (stopping) {
                giveBack(); // not started before the shutdown began: another worker runs it
            } else {
                settle(deliveryTag, envelope, props, body);
            }
        }

        /** Not run here: see {@link QueueConsumer#stop()}. */
        public void giveBack() {
            QueueConsumer.this.giveBack(deliveryTag);
        }
    }

    /** Interactions go back to the queue now; guild events stay held until the channel closes. */
    private void giveBack(long deliveryTag) {
        if (!ordered) {
            withChannel(ch -> ch.basicNack(deliveryTag, false, true));
        }
    }

    private void deadLetter(long deliveryTag, byte[] body, AMQP.BasicProperties props, String reason, String exception, int attempts) {
        try {
            deadLetters.publish(body, props, queue, reason, exception, attempts);
            withChannel(ch -> ch.basicAck(deliveryTag, false));
        } catch (IOException e) {
            LOG.error("dead-letter publish failed ({}); rejecting to the queue's own dead-letter exchange", e.getMessage());
            withChannel(ch -> ch.basicReject(deliveryTag, false));
        }
    }

    private interface ChannelCall {
        void run(Channel channel) throws IOException;
    }

    /** Acks come from many virtual threads; one channel must not be written concurrently. */
    private void withChannel(ChannelCall call) {
        channelLock.lock();
        try {
            call.run(getChannel());
        } catch (IOException | ShutdownSignalException e) {
            // The channel went away: the broker requeues the unacked message, and the event
            // ledger turns the redelivery into a duplicate if it had taken effect.
            LOG.warn("could not settle a delivery on {}: {}", queue, e.getMessage());
        } finally {
            channelLock.unlock();
        }
    }

    /**
     * Begins a graceful stop: running handlers finish and settle; deliveries not started are given
     * back (see the class comment). The interactions consumer is cancelled; the guild consumer keeps
     * its subscription, holding what arrives, until {@link #close()}.
     */
    public void stop() {
        stopping = true;
        if (!ordered) {
            cancel();
        }
    }

    /** Stops new deliveries; those already received still settle. */
    public void cancel() {
        String tag = consumerTag;
        if (tag == null) {
            return;
        }
        channelLock.lock();
        try {
            getChannel().basicCancel(tag);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cancel on {} failed: {}", queue, e.getMessage());
        } finally {
            consumerTag = null;
            channelLock.unlock();
        }
    }

    /** Closes the channel; unacknowledged deliveries return to the queue, in their order. */
    public void close() {
        channelLock.lock();
        try {
            if (getChannel().isOpen()) {
                getChannel().close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.debug("closing the channel of {} failed: {}", queue, e.getMessage());
        } finally {
            channelLock.unlock();
        }
    }
}
