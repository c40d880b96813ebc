package community.arrakis.gatewayproxy.broker.publish;

/**
 * Where a confirming publisher is in its life cycle. Each state names the channel it is about (the
 * publisher numbers every channel it opens, from 1), so that news about a channel it has already
 * replaced is recognised and ignored; and each says what becomes of a message published now
 * ({@link #fate()}). Only {@link Open} sends at once.
 */
public sealed interface PublisherState {

    /** The number of the channel this state is about; 0 once closed. */
    int channel();

    /** What becomes of a message published now: only {@link Open} sends, only {@link Closed} fails; every other state holds. */
    default MessageFate fate() {
        return switch (this) {
            case Open open -> MessageFate.SEND;
            case Closed closed -> MessageFate.FAIL;
            default -> MessageFate.HOLD;
        };
    }

    /** The channel is up and the broker takes publishes: messages go out at once. */
    record Open(int channel) implements PublisherState {
    }

    /**
     * The broker blocked the connection ({@code connection.blocked}: a memory or disk alarm). A
     * socket write would hang until the alarm clears, and with it the thread reading the gateway,
     * so messages are held until {@code connection.unblocked}.
     */
    record Blocked(int channel, String reason) implements PublisherState {
    }

    /** A send failed: the channel is going away; the loss, when it is reported, says how it comes back. */
    record Stalled(int channel) implements PublisherState {
    }

    /**
     * The connection was lost and the client's automatic recovery is reconnecting; the channel
     * comes back with it.
     *
     * @param blockedBy why the broker blocked the new connection before the channel was back, or null
     */
    record AwaitingRecovery(int channel, String blockedBy) implements PublisherState {
    }

    /**
     * Only the channel closed (a channel error, e.g. a missing exchange): the connection lives, the
     * channel does not come back by itself, so the publisher opens another.
     *
     * @param blockedBy why the broker blocks the (still live) connection, or null
     */
    record Reopening(int channel, String blockedBy) implements PublisherState {
    }

    /**
     * The application closed the connection under the publisher: nothing will bring the channel
     * back. Messages stay held, unconfirmed, until the publisher is closed.
     */
    record Orphaned(int channel) implements PublisherState {
    }

    /**
     * The channel is back, or the broker unblocked the connection: the resend is sending what was
     * held (after a loss, what was unconfirmed first), oldest first. New messages queue behind it,
     * so none overtakes an older one.
     */
    record Resending(int channel) implements PublisherState {
    }

    /** Closed by its owner: every message not yet confirmed failed, and new ones fail at once. */
    record Closed() implements PublisherState {
        @Override
        public int channel() {
            return 0;
        }
    }
}
