package community.arrakis.gatewayproxy.broker;

import java.io.IOException;

/**
 * A queue exists with another type than the one this process declares it with: RabbitMQ refused
 * the declaration with PRECONDITION_FAILED ("inequivalent arg 'x-queue-type'"). A queue's type
 * cannot change in place; the message says how to move (docs/runbook.md, "Moving to quorum
 * queues").
 */
public final class QueueTypeMismatchException extends IOException {

    public QueueTypeMismatchException(String queue, QueueType wanted, String brokerSays, Throwable cause) {
        super("queue " + queue + " already exists with another type than " + wanted.argument()
                + " (RabbitMQ: " + brokerSays + "). A queue's type cannot be changed in place: either start with"
                + " --queue-type (ARRAKIS_QUEUE_TYPE) set to the type it has, or move it: stop the ingestors,"
                + " let the workers empty the queues, run 'topology delete' then 'topology declare --queue-type "
                + wanted.argument() + "', and start again (docs/runbook.md, \"Moving to quorum queues\"); or use"
                + " a new --topology-prefix for the new queues and drain the old ones", cause);
    }
}
