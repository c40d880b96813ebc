package community.arrakis.gatewayproxy.app.cli;

import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.deadletter.DeadLetterFilter;
import community.arrakis.gatewayproxy.broker.deadletter.DeadLetterQueue;
import community.arrakis.gatewayproxy.broker.deadletter.QueueNotFoundException;
import community.arrakis.gatewayproxy.broker.deadletter.ReplayResult;
import community.arrakis.gatewayproxy.broker.deadletter.Selection;
import community.arrakis.gatewayproxy.common.Redaction;
import java.io.IOException;
import java.time.Clock;

/**
 * One {@code dlq} command's connection to the broker and its dead-letter queue. The connection does
 * not recover: the messages a command holds go back to the queue when it drops, and the command
 * ends with the error. A missing queue or exchange is told with the options that name it.
 */
final class DlqSession implements AutoCloseable {

    private final Connection connection;
    private final DeadLetterQueue queue;
    private final String where;

    private DlqSession(Connection connection, DeadLetterQueue queue, String where) {
        this.connection = connection;
        this.queue = queue;
        this.where = where;
    }

    static DlqSession open(BrokerOptions broker, String command) throws IOException {
        Connection connection = BrokerConnections.connectWithoutRecovery(broker.url, "arrakis-dlq-" + command);
        return new DlqSession(connection, new DeadLetterQueue(connection, broker.topology(), Clock.systemUTC()),
                Redaction.redact(broker.url));
    }

    DeadLetterQueue queue() {
        return queue;
    }

    Selection select(DeadLetterFilter filter, int limit) throws IOException {
        try {
            return queue.select(filter, limit);
        } catch (QueueNotFoundException e) {
            throw missing(e);
        }
    }

    ReplayResult replay(Selection selection) throws IOException {
        try {
            return selection.replay();
        } catch (QueueNotFoundException e) {
            throw missing(e);
        }
    }

    private IllegalArgumentException missing(QueueNotFoundException e) {
        return new IllegalArgumentException(e.getMessage() + " (" + where + "): is --topology-prefix"
                + " (ARRAKIS_TOPOLOGY_PREFIX) the bot's? `topology verify` lists what is missing");
    }

    @Override
    public void close() {
        try {
            if (connection.isOpen()) {
                connection.close();
            }
        } catch (IOException | RuntimeException e) {
            // closing anyway: whatever the command still held goes back to the queue with the connection
        }
    }
}
