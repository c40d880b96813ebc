package community.arrakis.gatewayproxy.broker.publish;

import community.arrakis.gatewayproxy.broker.publish.PublisherEvent.Loss;

/** What the publisher must do after a transition, in list order. */
public sealed interface PublisherAction {

    /** Log the block (one WARN) and tell the listener the publisher cannot write. */
    record ReportBlocked(String reason) implements PublisherAction {
    }

    /**
     * Log the loss and tell the listener: DEBUG when the connection is lost (the connection's own
     * recovery logging says it once), INFO for a channel alone, and a WARN when the application
     * closed the connection under the publisher.
     */
    record ReportChannelLost(String reason, Loss loss) implements PublisherAction {
    }

    /** Open a replacement channel on the live connection, off the connection's thread; answer with ChannelReopened or ReopenFailed. */
    record ReopenChannel() implements PublisherAction {
    }

    /** Log that the replacement channel could not be opened. */
    record ReportReopenFailed(String reason) implements PublisherAction {
    }

    /**
     * Run the resend on this channel (see {@code ConfirmingPublisher}): after a loss, what was
     * unconfirmed goes back to the front of what is held, marked republished; then everything held
     * is sent, oldest first; answer with ResendFinished.
     */
    record Resend(int channel, ResendCause cause) implements PublisherAction {
    }

    /**
     * After a loss into a blocked connection: put what was unconfirmed back at the front of what is
     * held, marked republished, and send nothing until the broker unblocks the connection.
     */
    record RequeueUnconfirmed(ResendCause cause) implements PublisherAction {
    }

    /** Fail every message not yet confirmed, close the channel and stop listening. */
    record FailOutstandingAndClose() implements PublisherAction {
    }

    /** Why a resend runs, which says whether the unconfirmed messages must go again and how it is logged. */
    enum ResendCause {
        /** The connection was lost and is back: RecoveryLogging says so once, so the publisher logs at DEBUG. */
        CONNECTION_RECOVERED("connection recovered", true),
        /** A channel that closed alone was replaced. */
        CHANNEL_REOPENED("channel reopened", true),
        /** The broker unblocked the connection: nothing was lost, nothing is marked republished. */
        UNBLOCKED("RabbitMQ unblocked publishing", false);

        private final String description;
        private final boolean republishesUnconfirmed;

        ResendCause(String description, boolean republishesUnconfirmed) {
            this.description = description;
            this.republishesUnconfirmed = republishesUnconfirmed;
        }

        public String description() {
            return description;
        }

        /** Whether the channel was lost, so that what it had not confirmed can never be confirmed and must go again. */
        public boolean republishesUnconfirmed() {
            return republishesUnconfirmed;
        }
    }
}
