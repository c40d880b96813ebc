package community.arrakis.gatewayproxy.discord.gateway.session;

/**
 * What a state knows about the current connection.
 *
 * @param connectionId numbers connections, so events of an older socket are recognised and ignored
 * @param session      the session being used or resumed, null before READY of a new session
 * @param attempt      reconnects since the last READY or RESUMED
 * @param ackPending   a heartbeat was sent and neither its ACK nor any other frame has arrived since
 * @param delivering   the listener is handling a dispatch, so the socket is not being read
 */
public record Link(long connectionId, Session session, int attempt, boolean ackPending, boolean delivering) {

    Link(long connectionId, Session session, int attempt) {
        this(connectionId, session, attempt, false, false);
    }

    Link withSession(Session newSession) {
        return new Link(connectionId, newSession, attempt, ackPending, delivering);
    }

    Link withAckPending(boolean pending) {
        return new Link(connectionId, session, attempt, pending, delivering);
    }

    Link withDelivering(boolean busy) {
        return new Link(connectionId, session, attempt, ackPending, busy);
    }

    Link established(Session newSession) {
        return new Link(connectionId, newSession, 0, ackPending, delivering);
    }

    long sequence() {
        return session == null ? -1 : session.sequence();
    }
}
