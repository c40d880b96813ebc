package community.arrakis.gatewayproxy.simulator.gateway;

/** What the session registry decided about a RESUME. */
public sealed interface ResumeVerdict {
    record Resumable(String sessionId, long seq) implements ResumeVerdict { }

    record BadToken() implements ResumeVerdict { }

    /** The client claims a sequence the session never sent. */
    record InvalidSeq(String sessionId) implements ResumeVerdict { }

    /** Unknown, expired or invalidated session, or events no longer in the replay buffer. */
    record Gone() implements ResumeVerdict { }
}
