package community.arrakis.gatewayproxy.broker.publish;

/**
 * Something that happened to a confirming publisher, fed to {@link PublisherTransitions#next}.
 * Events about a channel carry its number; the machine ignores those of a channel it has replaced.
 */
public sealed interface PublisherEvent {

    /** The broker said {@code connection.blocked}. */
    record ConnectionBlocked(String reason) implements PublisherEvent {
    }

    /** The broker said {@code connection.unblocked}. */
    record ConnectionUnblocked() implements PublisherEvent {
    }

    /** The channel shut down; {@code loss} says what brings it back. */
    record ChannelLost(int channel, String reason, Loss loss) implements PublisherEvent {
    }

    /** The client's automatic recovery started to recover this channel on a new connection. */
    record RecoveryStarted(int channel) implements PublisherEvent {
    }

    /** The client's automatic recovery brought this channel back on a new connection. */
    record RecoveryCompleted(int channel) implements PublisherEvent {
    }

    /** The publisher opened channel {@code channel} in place of one that closed on its own. */
    record ChannelReopened(int channel) implements PublisherEvent {
    }

    /** Opening a replacement channel failed (the connection is likely going too). */
    record ReopenFailed(String reason) implements PublisherEvent {
    }

    /** A write to this channel failed: it is closing, and its loss will be reported. */
    record SendFailed(int channel) implements PublisherEvent {
    }

    /**
     * The resend on this channel finished: everything held went out ({@code complete}), or a
     * write failed, or a block or a loss stopped it.
     */
    record ResendFinished(int channel, boolean complete) implements PublisherEvent {
    }

    /** The owner called close(). */
    record CloseRequested() implements PublisherEvent {
    }

    /** How a lost channel comes back. */
    enum Loss {
        /** The connection was lost; the client's automatic recovery reconnects and reopens the channel. */
        CONNECTION_RECOVERING,
        /** The application closed the connection: nothing comes back. */
        CONNECTION_CLOSED_BY_APPLICATION,
        /** Only the channel closed (a channel error); the publisher must open another. */
        CHANNEL_ONLY;

        /**
         * Classifies a shutdown signal.
         *
         * @param hardError           the whole connection closed, not just the channel
         * @param byApplication       this process closed it
         * @param connectionRecovers  the connection has automatic recovery
         */
        public static Loss of(boolean hardError, boolean byApplication, boolean connectionRecovers) {
            if (hardError && byApplication) {
                return CONNECTION_CLOSED_BY_APPLICATION;
            }
            return hardError && connectionRecovers ? CONNECTION_RECOVERING : CHANNEL_ONLY;
        }
    }
}
