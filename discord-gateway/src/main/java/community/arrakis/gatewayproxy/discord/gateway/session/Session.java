package community.arrakis.gatewayproxy.discord.gateway.session;

import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import java.util.Set;

/**
 * The gateway session a shard holds: what a RESUME needs, plus the guild ids READY listed.
 *
 * @param id            {@code session_id}
 * @param resumeUrl     {@code resume_gateway_url}, or null when unknown
 * @param sequence      the last sequence handed to the listener (-1 when none)
 * @param readyGuildIds guild ids READY listed; empty for a session resumed from elsewhere
 */
public record Session(String id, String resumeUrl, long sequence, Set<String> readyGuildIds) {

    public Session {
        readyGuildIds = Set.copyOf(readyGuildIds);
    }

    public static Session resumedFrom(ResumeState state) {
        return new Session(state.sessionId(), state.resumeGatewayUrl(), state.sequence(), Set.of());
    }

    public Session withSequence(long newSequence) {
        return new Session(id, resumeUrl, newSequence, readyGuildIds);
    }

    public ResumeState toResumeState() {
        return new ResumeState(id, resumeUrl, sequence);
    }

    /** Leaves the guild list out: it can hold thousands of ids. */
    @Override
    public String toString() {
        return "Session[id=" + id + ", seq=" + sequence + ", readyGuilds=" + readyGuildIds.size() + "]";
    }
}
