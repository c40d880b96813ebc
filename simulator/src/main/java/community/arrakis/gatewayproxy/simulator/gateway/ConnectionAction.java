package community.arrakis.gatewayproxy.simulator.gateway;

/** Effects the life cycle asks the connection to carry out, in order. */
public sealed interface ConnectionAction {
    record SendHeartbeatAck() implements ConnectionAction { }

    /** Create the session, send READY and the shard's GUILD_CREATEs. */
    record StartSession(IdentifyRequest request, String sessionId) implements ConnectionAction { }

    /** Attach the session, replay what came after {@code seq}, then RESUMED. */
    record ResumeSession(String sessionId, long seq) implements ConnectionAction { }

    record SendInvalidSession(boolean resumable) implements ConnectionAction { }

    record Close(int code, String reason) implements ConnectionAction { }

    /** Keep the session for a RESUME within the resume window; buffer its events meanwhile. */
    record DetachSession(String sessionId) implements ConnectionAction { }

    /** Forget the session: a later RESUME gets op 9 false. */
    record EndSession(String sessionId) implements ConnectionAction { }
}
