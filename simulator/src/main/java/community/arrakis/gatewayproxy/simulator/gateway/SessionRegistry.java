package community.arrakis.gatewayproxy.simulator.gateway;

import community.arrakis.gatewayproxy.simulator.Snowflake;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Live sessions (connected, or disconnected within the resume window) and which of them a guild's events reach. */
final class SessionRegistry {
    private final Map<String, GatewaySession> sessions = new ConcurrentHashMap<>();
    private final long resumeWindowMillis;

    SessionRegistry(long resumeWindowMillis) {
        this.resumeWindowMillis = resumeWindowMillis;
    }

    void add(GatewaySession session) {
        sessions.put(session.id(), session);
    }

    Optional<GatewaySession> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    void end(String sessionId) {
        GatewaySession session = sessions.remove(sessionId);
        if (session != null) {
            session.end();
        }
    }

    /** Sessions whose shard owns the guild; a null guild (DMs) means shard 0. */
    List<GatewaySession> routeFor(String guildId) {
        return sessions.values().stream()
                .filter(s -> guildId == null ? s.shardId() == 0 : Snowflake.shardOf(guildId, s.shardCount()) == s.shardId())
                .toList();
    }

    List<GatewaySession> all() {
        return List.copyOf(sessions.values());
    }

    ResumeVerdict resumeVerdict(String sessionId, long seq, long nowMillis) {
        GatewaySession session = sessions.get(sessionId);
        if (session == null || session.expired(nowMillis, resumeWindowMillis)) {
            return new ResumeVerdict.Gone();
        }
        return session.resumeVerdict(seq);
    }

    /** Ends sessions whose resume window has passed; called periodically. */
    void expire(long nowMillis) {
        sessions.values().removeIf(s -> {
            boolean expired = s.expired(nowMillis, resumeWindowMillis);
            if (expired) {
                s.end();
            }
            return expired;
        });
    }
}
