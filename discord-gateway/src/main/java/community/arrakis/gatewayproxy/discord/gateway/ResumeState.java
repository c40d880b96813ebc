package community.arrakis.gatewayproxy.discord.gateway;

/**
 * What a RESUME needs: the session, where to resume it, and the last sequence already handled.
 * Persisting this (after the sequence's event is safe) lets a restarted process resume instead of
 * identifying again, and Discord replays everything after {@code sequence}.
 */
public record ResumeState(String sessionId, String resumeGatewayUrl, long sequence) {
    public ResumeState withSequence(long newSequence) {
        return new ResumeState(sessionId, resumeGatewayUrl, newSequence);
    }
}
