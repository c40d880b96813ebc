package community.arrakis.gatewayproxy.simulator.gateway;

/** What the identify gate decided about an IDENTIFY. */
public sealed interface IdentifyVerdict {
    record Accepted(IdentifyRequest request, String sessionId) implements IdentifyVerdict { }

    record Rejected(CloseCode code) implements IdentifyVerdict { }

    /** Over the max_concurrency bucket or the daily budget: Discord answers op 9. */
    record Throttled() implements IdentifyVerdict { }
}
