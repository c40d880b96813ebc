package community.arrakis.gatewayproxy.broker;

import java.io.IOException;

/**
 * The broker has guild partition queues this process would not know of: the ingestor and the
 * workers were given different numbers of guild partitions. The message says what to do.
 */
public final class PartitionMismatchException extends IOException {
    public PartitionMismatchException(String message) {
        super(message);
    }
}
