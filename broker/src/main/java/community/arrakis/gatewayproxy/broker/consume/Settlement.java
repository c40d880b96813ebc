package community.arrakis.gatewayproxy.broker.consume;

/**
 * How a delivery ends. Every delivery ends in exactly one of these (see {@link Delivery#settle}):
 *
 * <pre>
 * Ack             done with (handled, a duplicate, expired, nothing to do)
 * Requeue         basic.nack with requeue: the broker delivers it again, here or to another consumer
 * DeadLetter      published to the dead-letter exchange with the reason, confirmed, then acked;
 *                 if the broker does not confirm, rejected without requeue so the queue's own
 *                 dead-letter exchange keeps it
 * ReturnOnClose   kept unacknowledged: closing the channel returns it to its queue, in queue order
 *                 (a graceful stop of an ordered queue, where a nack now could let a later event of
 *                 the same guild overtake it)
 * </pre>
 */
public sealed interface Settlement {

    Settlement ACK = new Ack();
    Settlement RETURN_ON_CLOSE = new ReturnOnClose();

    /** The label of the {@code settlement} tag in metrics and logs. */
    String label();

    record Ack() implements Settlement {
        public String label() {
            return "ack";
        }
    }

    /** @param why for the log: which dependency or rule sent it back */
    record Requeue(String why) implements Settlement {
        public String label() {
            return "requeue";
        }
    }

    /**
     * @param reason    one line, no payload: the decoder's message or the handler's failure
     * @param exception the failure's class name, empty when there was none
     * @param attempts  handler tries made
     */
    record DeadLetter(String reason, String exception, int attempts) implements Settlement {
        public String label() {
            return "dead_letter";
        }
    }

    record ReturnOnClose() implements Settlement {
        public String label() {
            return "return_on_close";
        }
    }
}
