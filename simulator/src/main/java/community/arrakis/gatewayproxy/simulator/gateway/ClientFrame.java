package community.arrakis.gatewayproxy.simulator.gateway;

/** A payload a client sent, decoded just enough to drive the connection life cycle. */
public sealed interface ClientFrame {
    record Heartbeat(Long lastSeq) implements ClientFrame { }

    record Identify(IdentifyRequest request) implements ClientFrame { }

    record Resume(String token, String sessionId, long seq) implements ClientFrame { }

    /** Presence, voice state, guild member requests and the like: accepted once identified. */
    record Command(Opcode opcode) implements ClientFrame { }

    record UnknownOpcode(int op) implements ClientFrame { }

    /** A known opcode whose {@code d} lacks required fields or has the wrong types. */
    record InvalidPayload(int op) implements ClientFrame { }

    /** Not JSON, not an object, or over the 4096-byte limit. */
    record Undecodable(String why) implements ClientFrame { }
}
