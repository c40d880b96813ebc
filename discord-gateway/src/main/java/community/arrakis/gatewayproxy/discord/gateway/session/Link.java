package community.arrakis.gatewayproxy.discord.gateway.session;

/**
 * What a state knows about the current connection.
 *
 * @param connectionId numbers connections, so events of an older socket are recognised and ignored
 * @param session      the session being used or resumed, null before READY of a new session
 * @param attempt      reconnects since the last READY or RESUMED
 * @param ackPending   a heartbeat was sent and its ACK has not arrived yet
 */
public record Link(long connectionId, Session session, int attempt, boolean ackPending) {

    Link withSession(Session newSession) {
        return new Link(connectionId, newSession, attempt, ackPending);
    }

    Link withAckPending(boolean pending) {
        return new Link(connectionId, session, attempt, pending);
    }

    Link established(Session newSession) {
        return new Link(connectionId, newSession, 0, ackPending);
    }

    long sequence() {
        return session == null ? -1 : session.sequence();
    }
}
