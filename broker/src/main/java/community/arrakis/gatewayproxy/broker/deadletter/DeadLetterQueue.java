package community.arrakis.gatewayproxy.broker.deadletter;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The dead-letter queue of a topology, read and worked on without losing or reordering a message.
 *
 * <p>{@link #select} reads the queue from its head with {@code basic.get} and acknowledges nothing:
 * every message it read stays the broker's, unacknowledged, held by this tool's channel. What the
 * command then does is an acknowledgement of the chosen ones only (after a confirmed replay, or to
 * remove them); closing the selection gives back every other one ({@link Selection#close}), and
 * RabbitMQ puts a classic queue's requeued messages back in their original places, ahead of anything
 * that arrived meanwhile. A worked example, a queue A B C D E and a purge of B and D:
 *
 * <pre>
 * select         gets A B C D E (tags 1-5), holds them all; the queue shows 0 ready, 5 unacked
 * (F arrives)    the queue holds F
 * remove         acks tags 2 and 4: B and D are gone
 * close          the channel closes: A C E are requeued into their places; the queue reads A C E F
 * </pre>
 *
 * A crash or a lost connection at any point gives everything not yet acknowledged back the same
 * way, so nothing is ever lost; the worst case of a replay is a message replayed whose
 * acknowledgement did not reach the broker, which then exists twice (workers take the second copy
 * for a duplicate by its event id).
 *
 * <p>Only what was in the queue when the selection began is read (its ready count then), so a queue
 * that keeps filling does not keep a command going. The tool holds what it read until it closes the
 * selection: another tool browsing at the same time sees the queue without those.
 */
public final class DeadLetterQueue {

    private static final Duration REQUEUE_POLL = Duration.ofMillis(50);

    private final Connection connection;
    private final Topology topology;
    private final Clock clock;

    /**
     * @param connection one that does not recover by itself (see
     *                   {@link community.arrakis.gatewayproxy.broker.BrokerConnections#connectWithoutRecovery})
     */
    public DeadLetterQueue(Connection connection, Topology topology, Clock clock) {
        this.connection = connection;
        this.topology = topology;
        this.clock = clock;
    }

    public String name() {
        return topology.deadLetterQueue();
    }

    /** The exchange replays are published to. */
    /** The topology's number of guild partitions, where replays of guild events are routed. */
    public int guildPartitions() {
        return topology.guildPartitions();
    }

    public String eventsExchange() {
        return topology.eventsExchange();
    }

    /**
     * Reads the whole queue as it is now and holds every message until the selection is closed.
     *
     * @param limit at most this many of the matching dead letters are kept (in queue order) to be shown
     *              or acted on; all the matching ones are counted
     * @throws QueueNotFoundException when the topology has no dead-letter queue on this broker
     */
    public Selection select(DeadLetterFilter filter, int limit) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit must be at least 1, was " + limit);
        }
        Channel channel = connection.createChannel();
        try {
            int ready = readyCount(channel);
            Instant now = clock.instant();
            List<Selection.Held> selected = new ArrayList<>();
            Map<String, Integer> byReason = new LinkedHashMap<>();
            int examined = 0;
            int matched = 0;
            while (examined < ready) {
                GetResponse got = channel.basicGet(name(), false);
                if (got == null) {
                    break; // expired by its TTL, or taken by someone else, since the count
                }
                examined++;
                DeadLetter letter = DeadLetter.read(examined, got.getProps(), got.getBody());
                if (filter.matches(letter, now)) {
                    matched++;
                    byReason.merge(letter.reason(), 1, Integer::sum);
                    if (selected.size() < limit) {
                        selected.add(new Selection.Held(got.getEnvelope().getDeliveryTag(), letter));
                    }
                }
            }
            return new Selection(this, channel, now, examined, matched, selected, byReason);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * Waits until the queue counts at least {@code count} ready messages, or {@code atMost} passed,
     * or the queue cannot be asked; polls, since RabbitMQ says nothing when a requeue is done.
     */
    void awaitReady(int count, Duration atMost) {
        if (count <= 0) {
            return;
        }
        long deadline = System.nanoTime() + atMost.toNanos();
        Channel check = null;
        try {
            check = connection.createChannel();
            while (check.queueDeclarePassive(name()).getMessageCount() < count && System.nanoTime() < deadline) {
                Thread.sleep(REQUEUE_POLL.toMillis());
            }
        } catch (IOException | RuntimeException e) {
            // gone or closing: nothing to wait for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (check != null) {
                closeQuietly(check);
            }
        }
    }

    Connection connection() {
        return connection;
    }

    Clock clock() {
        return clock;
    }

    private int readyCount(Channel channel) throws IOException {
        try {
            AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(name());
            return ok.getMessageCount();
        } catch (IOException e) {
            if (isNotFound(e)) {
                throw new QueueNotFoundException("queue", name());
            }
            throw e;
        }
    }

    /** The broker closed the channel with 404 NOT_FOUND. */
    static boolean isNotFound(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal
                    && signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == 404) {
                return true;
            }
        }
        return false;
    }

    static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            // the broker or the connection closed it already; what it held is requeued either way
        }
    }
}
