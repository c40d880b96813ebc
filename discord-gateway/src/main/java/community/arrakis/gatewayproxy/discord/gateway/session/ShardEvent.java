package community.arrakis.gatewayproxy.discord.gateway.session;

import community.arrakis.gatewayproxy.discord.gateway.protocol.ReadyInfo;

/**
 * Something that happened to a shard, fed to {@link ShardStateMachine#next}. Events about a
 * connection carry its id; the machine ignores those of a connection it already left.
 */
public sealed interface ShardEvent {

    /** The owner called start(). */
    record StartRequested() implements ShardEvent {
    }

    /** The owner called close() ({@code invalidate=false}) or closeAndInvalidate(). */
    record StopRequested(boolean invalidate) implements ShardEvent {
    }

    /** The reconnect delay elapsed. */
    record ReconnectDue() implements ShardEvent {
    }

    /** Events tied to one connection. */
    sealed interface OnConnection extends ShardEvent {
        long connectionId();
    }

    record SocketOpened(long connectionId) implements OnConnection {
    }

    record ConnectFailed(long connectionId, String error) implements OnConnection {
    }

    record HelloTimedOut(long connectionId) implements OnConnection {
    }

    record HelloReceived(long connectionId, long heartbeatIntervalMillis) implements OnConnection {
    }

    record IdentifyPermitted(long connectionId) implements OnConnection {
    }

    /** The heartbeat timer fired. */
    record HeartbeatDue(long connectionId) implements OnConnection {
    }

    /** op 1 from the server: beat now. */
    record HeartbeatRequested(long connectionId) implements OnConnection {
    }

    record HeartbeatAcked(long connectionId) implements OnConnection {
    }

    record ReadyReceived(long connectionId, long sequence, ReadyInfo ready) implements OnConnection {
    }

    record ResumedReceived(long connectionId, long sequence) implements OnConnection {
    }

    /** A dispatch other than READY/RESUMED arrived; the machine decides whether to deliver it. */
    record DispatchReceived(long connectionId, long sequence) implements OnConnection {
    }

    /** The listener returned for this dispatch: its sequence is now the resume point. */
    record DispatchDelivered(long connectionId, long sequence) implements OnConnection {
    }

    /** The listener threw for a dispatch; the dispatch must be received again. */
    record DeliveryFailed(long connectionId, String error) implements OnConnection {
    }

    /** op 7. */
    record ReconnectRequested(long connectionId) implements OnConnection {
    }

    /** op 9 with its {@code d}. */
    record SessionInvalidated(long connectionId, boolean resumable) implements OnConnection {
    }

    /** The server closed the socket ({@code code} -1: no close frame). */
    record ConnectionClosed(long connectionId, int code, String reason) implements OnConnection {
    }

    /** The socket failed or a message could not be read; the connection is unusable. */
    record ConnectionFailed(long connectionId, String error) implements OnConnection {
    }
}
