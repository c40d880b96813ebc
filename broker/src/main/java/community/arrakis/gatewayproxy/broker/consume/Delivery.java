package community.arrakis.gatewayproxy.broker.consume;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import community.arrakis.gatewayproxy.broker.ConfirmingPublisher;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One message received with manual acknowledgement. It is settled exactly once: the first {@link
 * #settle} wins and later ones are ignored, so two paths racing to settle it (a graceful stop and
 * the handler finishing) cannot ack and nack the same tag.
 *
 * <p>{@link #settleWith} is how work on a delivery runs: whatever the work throws, the delivery is
 * still settled. An unexpected exception requeues it the first time; a delivery that was already
 * redelivered and fails the same unexpected way again is dead-lettered with the exception as its
 * reason, so a message that breaks its handler cannot circle between consumers forever.
 */
public final class Delivery {

    private final ManualAckConsumer consumer;
    private final Channel channel;
    private final long tag;
    private final boolean redelivered;
    private final AMQP.BasicProperties properties;
    private final byte[] body;
    private final AtomicBoolean settled = new AtomicBoolean();

    Delivery(ManualAckConsumer consumer, Channel channel, long tag, boolean redelivered,
             AMQP.BasicProperties properties, byte[] body) {
        this.consumer = consumer;
        this.channel = channel;
        this.tag = tag;
        this.redelivered = redelivered;
        this.properties = properties;
        this.body = body;
    }

    /** The channel it arrived on: its tag means something only there. */
    Channel channel() {
        return channel;
    }

    public long tag() {
        return tag;
    }

    /** The broker delivered it before, to this consumer or another, without a settlement. */
    public boolean redelivered() {
        return redelivered;
    }

    public byte[] body() {
        return body;
    }

    /** Its AMQP properties, for dead-lettering it with its headers. */
    AMQP.BasicProperties properties() {
        return properties;
    }

    /**
     * The publisher marked it {@value ConfirmingPublisher#DEFERRED_HEADER}: the ingestor answered the
     * interaction with a deferred response itself while the broker had not confirmed it (see
     * {@link ConfirmingPublisher#markDeferred}), so the consumer must finish the loading message.
     */
    public boolean deferredByPublisher() {
        var headers = properties == null ? null : properties.getHeaders();
        return headers != null && Boolean.TRUE.equals(headers.get(ConfirmingPublisher.DEFERRED_HEADER));
    }

    /** The queue it came from. */
    public String queue() {
        return consumer.queue();
    }

    public boolean settled() {
        return settled.get();
    }

    /**
     * Ends the delivery as {@code settlement} says.
     *
     * @return false when it was already settled (nothing is sent then)
     */
    public boolean settle(Settlement settlement) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        consumer.apply(this, settlement);
        return true;
    }

    /** Runs {@code work} and settles the delivery as it says, or as the class comment says if it throws. */
    public void settleWith(Supplier<Settlement> work) {
        Settlement settlement;
        try {
            settlement = work.get();
        } catch (Throwable t) {
            settlement = consumer.unexpected(this, t);
        }
        settle(settlement == null ? consumer.unexpected(this, new NullPointerException("no settlement")) : settlement);
    }

    /** The delivery goes back: requeued now on an unordered queue, at channel close on an ordered one. */
    public void giveBack() {
        settle(consumer.ordered() ? Settlement.RETURN_ON_CLOSE : new Settlement.Requeue("given back"));
    }
}
