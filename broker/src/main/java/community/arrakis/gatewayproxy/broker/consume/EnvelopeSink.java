package community.arrakis.gatewayproxy.broker.consume;

import community.arrakis.gatewayproxy.envelope.Envelope;

/**
 * Where a {@link ManualAckConsumer} hands what it receives. Called on the connection's dispatch
 * thread, one delivery at a time: it must not block (hand the work to another thread).
 */
public interface EnvelopeSink {

    /** Takes the delivery over: it must end in {@link Delivery#settle}, on every path. */
    void accept(Envelope envelope, Delivery delivery);

    /** A message that is not a valid envelope was dead-lettered, or rejected to the queue's own DLX. */
    default void undecodable(String queue, String reason) {
    }

    /** The consumer settled a delivery (for metrics); called on the settling thread. */
    default void settled(String queue, Settlement settlement) {
    }
}
