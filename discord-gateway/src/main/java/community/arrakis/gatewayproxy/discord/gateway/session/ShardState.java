package community.arrakis.gatewayproxy.discord.gateway.session;

import community.arrakis.gatewayproxy.discord.gateway.ShardStatus;

/** Where a shard is in its life cycle. Each state carries exactly the data valid in it. */
public sealed interface ShardState {

    ShardStatus status();

    /** The session known in this state, or null. */
    Session session();

    /** The highest connection id used so far. */
    long lastConnectionId();

    /** States that have a connection (opening or open). */
    sealed interface Linked extends ShardState {
        Link link();

        @Override
        default Session session() {
            return link().session();
        }

        @Override
        default long lastConnectionId() {
            return link().connectionId();
        }
    }

    /** Created, not started; may hold a session to resume on the first connect. */
    record Idle(Session session) implements ShardState {
        @Override
        public ShardStatus status() {
            return ShardStatus.IDLE;
        }

        @Override
        public long lastConnectionId() {
            return 0;
        }
    }

    /** Opening the socket, or open and waiting for HELLO. */
    record Connecting(Link link) implements Linked {
        @Override
        public ShardStatus status() {
            return ShardStatus.CONNECTING;
        }
    }

    /** HELLO received and heartbeating; waiting for the identify limiter's permit. */
    record AwaitingIdentifyPermit(Link link) implements Linked {
        @Override
        public ShardStatus status() {
            return ShardStatus.IDENTIFYING;
        }
    }

    /** IDENTIFY sent, waiting for READY. */
    record Identifying(Link link) implements Linked {
        @Override
        public ShardStatus status() {
            return ShardStatus.IDENTIFYING;
        }
    }

    /** RESUME sent; replayed dispatches flow until RESUMED. */
    record Resuming(Link link) implements Linked {
        @Override
        public ShardStatus status() {
            return ShardStatus.RESUMING;
        }
    }

    /** READY or RESUMED received: dispatches flow. */
    record Ready(Link link) implements Linked {
        @Override
        public ShardStatus status() {
            return ShardStatus.READY;
        }
    }

    /** No connection; a reconnect is scheduled. */
    record Reconnecting(Session session, int attempt, long lastConnectionId) implements ShardState {
        @Override
        public ShardStatus status() {
            return ShardStatus.RECONNECTING;
        }
    }

    /** Stopped for good (owner closed it, or a fatal close code). Keeps the session for a later process. */
    record Stopped(Session session, String reason, long lastConnectionId) implements ShardState {
        @Override
        public ShardStatus status() {
            return ShardStatus.STOPPED;
        }
    }
}
