package community.arrakis.gatewayproxy.broker.consume;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.ShutdownSignalException;
import community.arrakis.gatewayproxy.broker.DeadLetterPublisher;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.InvalidEnvelopeException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one queue of envelopes with manual acknowledgements and a prefetch, on a channel of its
 * own, and guarantees that every delivery ends in one {@link Settlement}. Envelopes go to an {@link
 * EnvelopeSink}; a message that is not a valid envelope is dead-lettered here with the decoder's
 * message as its reason.
 *
 * <p>Its lifecycle is an explicit state, changed under one lock:
 *
 * <pre>
 * CONSUMING    subscribed; deliveries flow to the sink
 * PAUSED       {@link #pause}: unsubscribed while a dependency of the sink is unusable; what was
 *              received is still settled; {@link #resume} subscribes again
 * RESUBSCRIBING the broker cancelled the subscription (its queue was deleted) or closed the channel
 *              with an error: automatic connection recovery does not cover either, so the consumer
 *              redeclares (the hook given at start), opens a channel if it must, and subscribes
 *              again, every {@link #RESUBSCRIBE_EVERY} until it works
 * STOPPING     {@link #stop}: a graceful shutdown began; deliveries arriving now are given back
 * CLOSED       {@link #close}: the channel is closed; unacknowledged deliveries return to the queue
 * </pre>
 *
 * A connection loss is not one of these: the client's automatic recovery reopens the channel and
 * re-registers the subscription, and a settlement for a delivery received before the loss is
 * dropped by the client (the broker has requeued it already).
 *
 * <p>Threads: deliveries arrive on the connection's dispatch thread and must not block it; acks come
 * from the sink's threads, serialised by a lock because a channel must not be written by two threads
 * at once.
 */
public final class ManualAckConsumer implements AutoCloseable {

    /** How often a subscription the broker cancelled is tried again. */
    public static final Duration RESUBSCRIBE_EVERY = Duration.ofMillis(250);

    private static final Logger LOG = LoggerFactory.getLogger(ManualAckConsumer.class);

    /** See the class comment. */
    public enum State { CONSUMING, PAUSED, RESUBSCRIBING, STOPPING, CLOSED }

    private final Connection connection;
    private final String queue;
    private final boolean ordered;
    private final int prefetch;
    private final EnvelopeSink sink;
    private final DeadLetterPublisher deadLetters;
    private final ScheduledExecutorService timers;
    private final Runnable redeclare;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private State state;
    /** Guarded by {@link #lock}; read without it only to tell whether it is open. */
    private volatile Channel channel;
    /** Guarded by {@link #lock}: the tag of the live subscription, null when there is none. */
    private String consumerTag;

    private ManualAckConsumer(Connection connection, String queue, boolean ordered, int prefetch, EnvelopeSink sink,
                              DeadLetterPublisher deadLetters, ScheduledExecutorService timers, Runnable redeclare) {
        this.connection = connection;
        this.queue = queue;
        this.ordered = ordered;
        this.prefetch = prefetch;
        this.sink = sink;
        this.deadLetters = deadLetters;
        this.timers = timers;
        this.redeclare = redeclare;
    }

    /**
     * Opens a channel, sets the prefetch and starts consuming.
     *
     * @param ordered   true for a queue whose order matters (single active consumer): given-back
     *                  deliveries wait for the channel to close instead of being requeued one by one
     * @param timers    runs the resubscription attempts
     * @param redeclare declares the queue again before a resubscription (its topology); may throw
     */
    public static ManualAckConsumer start(Connection connection, String queue, boolean ordered, int prefetch,
                                          EnvelopeSink sink, DeadLetterPublisher deadLetters,
                                          ScheduledExecutorService timers, Runnable redeclare) throws IOException {
        ManualAckConsumer consumer = new ManualAckConsumer(connection, queue, ordered, prefetch, sink, deadLetters,
                timers, redeclare);
        consumer.lock.lock();
        try {
            consumer.channel = connection.createChannel();
            consumer.subscribe();
            consumer.state = State.CONSUMING;
        } finally {
            consumer.lock.unlock();
        }
        return consumer;
    }

    public String queue() {
        return queue;
    }

    boolean ordered() {
        return ordered;
    }

    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Subscribed on an open channel (readiness). A paused consumer is not. */
    public boolean consuming() {
        Channel current = channel;
        return current != null && current.isOpen() && state() == State.CONSUMING;
    }

    /** Must hold {@link #lock}. */
    private void subscribe() throws IOException {
        channel.basicQos(prefetch);
        consumerTag = channel.basicConsume(queue, false, new Subscription(channel));
    }

    /** Must hold {@link #lock}. */
    private void unsubscribe() {
        String tag = consumerTag;
        consumerTag = null;
        if (tag == null || !channel.isOpen()) {
            return;
        }
        try {
            channel.basicCancel(tag);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cancelling the subscription to {} failed: {}", queue, e.getMessage());
        }
    }

    /**
     * Stops taking new deliveries until {@link #resume}; those received are still settled. A no-op
     * unless consuming or resubscribing: a pending resubscription sees the pause and gives up, and
     * {@link #resume} subscribes (or resubscribes) again.
     */
    public void pause() {
        lock.lock();
        try {
            if (state == State.CONSUMING) {
                unsubscribe();
                state = State.PAUSED;
            } else if (state == State.RESUBSCRIBING) {
                state = State.PAUSED;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Subscribes again after {@link #pause}; a failure is retried as a resubscription. */
    public void resume() {
        lock.lock();
        try {
            if (state != State.PAUSED) {
                return;
            }
            try {
                subscribe();
                state = State.CONSUMING;
            } catch (IOException | RuntimeException e) {
                LOG.debug("subscribing to {} again failed: {}; retrying", queue, e.getMessage());
                state = State.RESUBSCRIBING;
                scheduleResubscribe();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Begins a graceful stop: deliveries arriving from now on are given back ({@link
     * Delivery#giveBack}). An unordered queue's subscription is cancelled at once; an ordered one's
     * is kept until {@link #close()}: cancelling first would let the next single active consumer
     * start a guild's later events while this one still runs an earlier one.
     */
    public void stop() {
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            if (!ordered) {
                unsubscribe();
            }
            state = State.STOPPING;
        } finally {
            lock.unlock();
        }
    }

    public boolean stopping() {
        State now = state();
        return now == State.STOPPING || now == State.CLOSED;
    }

    /** Closes the channel; unacknowledged deliveries return to the queue, in their order. */
    @Override
    public void close() {
        lock.lock();
        try {
            state = State.CLOSED;
            consumerTag = null;
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.debug("closing the channel of {} failed: {}", queue, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** Settles on the channel the delivery came from; see {@link Settlement} for what each does. */
    void apply(Delivery delivery, Settlement settlement) {
        switch (settlement) {
            case Settlement.Ack ack -> write(delivery, ch -> ch.basicAck(delivery.tag(), false));
            case Settlement.Requeue requeue -> write(delivery, ch -> ch.basicNack(delivery.tag(), false, true));
            case Settlement.DeadLetter dead -> deadLetter(delivery, dead);
            case Settlement.ReturnOnClose held -> { }
        }
        sink.settled(queue, settlement);
    }

    /** What an unexpected exception from the work on a delivery settles it as; see {@link Delivery}. */
    Settlement unexpected(Delivery delivery, Throwable failure) {
        String what = failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        if (delivery.redelivered()) {
            LOG.warn("unexpected failure on a redelivered message of {}, dead-lettering it: {}", queue, what, failure);
            return new Settlement.DeadLetter("unexpected failure, twice: " + oneLine(what), failure.getClass().getName(), 0);
        }
        LOG.warn("unexpected failure on a message of {}, requeueing it: {}", queue, what, failure);
        return new Settlement.Requeue("unexpected failure");
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() > 500 ? line.substring(0, 500) : line;
    }

    private void deadLetter(Delivery delivery, Settlement.DeadLetter dead) {
        try {
            deadLetters.publish(delivery.body(), delivery.properties(), queue, dead.reason(), dead.exception(), dead.attempts());
            write(delivery, ch -> ch.basicAck(delivery.tag(), false));
        } catch (IOException | RuntimeException e) {
            LOG.warn("dead-letter publish failed ({}); rejecting to the queue's own dead-letter exchange", e.getMessage());
            write(delivery, ch -> ch.basicReject(delivery.tag(), false));
        }
    }

    private interface ChannelCall {
        void run(Channel channel) throws IOException;
    }

    private void write(Delivery delivery, ChannelCall call) {
        lock.lock();
        try {
            Channel from = delivery.channel();
            if (from.isOpen()) {
                call.run(from);
            }
            // A closed channel: the broker has requeued every delivery it had not settled.
        } catch (IOException | ShutdownSignalException e) {
            // The channel went away while settling: the broker requeues the delivery, and the
            // consumer's idempotency turns the redelivery into a duplicate if it had taken effect.
            LOG.debug("could not settle a delivery of {}: {}", queue, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** Must hold {@link #lock}. */
    private void scheduleResubscribe() {
        timers.schedule(this::resubscribe, RESUBSCRIBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void resubscribe() {
        lock.lock();
        try {
            if (state != State.RESUBSCRIBING) {
                return;
            }
            try {
                redeclare.run();
                if (!channel.isOpen()) {
                    channel = connection.createChannel();
                }
                subscribe();
                state = State.CONSUMING;
                LOG.info("consuming {} again", queue);
            } catch (IOException | RuntimeException e) {
                LOG.debug("resubscribing to {} failed: {}; retrying in {} ms", queue, e.getMessage(),
                        RESUBSCRIBE_EVERY.toMillis());
                scheduleResubscribe();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The broker ended the subscription (queue deleted) or the channel (an error on it). */
    private void lost(Channel of, String why) {
        lock.lock();
        try {
            if (of != channel || (state != State.CONSUMING && state != State.PAUSED)) {
                return; // an old channel, or we are stopping anyway
            }
            consumerTag = null;
            if (state == State.CONSUMING) {
                LOG.warn("the broker ended the subscription to {} ({}); subscribing again", queue, why);
                state = State.RESUBSCRIBING;
                scheduleResubscribe();
            }
            // PAUSED: resume() will subscribe on a new channel if it must
        } finally {
            lock.unlock();
        }
    }

    /** One subscription on one channel: what the client calls back. */
    private final class Subscription extends DefaultConsumer {

        Subscription(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, com.rabbitmq.client.Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            Delivery delivery = new Delivery(ManualAckConsumer.this, getChannel(), envelope.getDeliveryTag(),
                    envelope.isRedeliver(), props, body);
            Envelope decoded;
            try {
                decoded = codec.decode(body);
            } catch (InvalidEnvelopeException e) {
                LOG.warn("undecodable message on {} dead-lettered: {}", queue, e.getMessage());
                // The dead-letter publish waits for the broker's confirm: not on the dispatch thread.
                Thread.ofVirtual().name("dead-letter").start(() -> {
                    delivery.settle(new Settlement.DeadLetter(e.getMessage(), e.getClass().getName(), 0));
                    sink.undecodable(queue, e.getMessage());
                });
                return;
            }
            if (stopping()) {
                delivery.giveBack();
                return;
            }
            try {
                sink.accept(decoded, delivery); // the sink settles it from now on
            } catch (RuntimeException | Error e) {
                // A dead-letter waits for the broker's confirm: not on the dispatch thread.
                Thread.ofVirtual().name("settle-unexpected").start(() -> delivery.settle(unexpected(delivery, e)));
            }
        }

        @Override
        public void handleCancel(String consumerTag) {
            forget(consumerTag);
            lost(getChannel(), "subscription cancelled, was the queue deleted?");
        }

        /**
         * The client's automatic recovery still holds the subscription the broker cancelled, and
         * would register it again after a connection loss, beside the one the consumer renews
         * (then two subscriptions, and deliveries while paused). Cancelling it on our side drops
         * that record; the broker has nothing left to cancel.
         */
        private void forget(String consumerTag) {
            try {
                getChannel().basicCancel(consumerTag);
            } catch (IOException | RuntimeException e) {
                LOG.debug("forgetting the cancelled subscription to {} failed: {}", queue, e.getMessage());
            }
        }

        @Override
        public void handleShutdownSignal(String consumerTag, ShutdownSignalException sig) {
            // A connection-level loss is the automatic recovery's; a channel error is ours.
            if (!sig.isHardError() && !sig.isInitiatedByApplication()) {
                lost(getChannel(), "channel closed: " + sig.getMessage());
            }
        }
    }
}
