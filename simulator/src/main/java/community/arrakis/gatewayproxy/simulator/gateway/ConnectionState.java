package community.arrakis.gatewayproxy.simulator.gateway;

/** Where one gateway connection is in its life: greeted, bound to a session, or closed. */
public sealed interface ConnectionState {
    /** HELLO sent; only heartbeats, IDENTIFY and RESUME are acceptable now. */
    record AwaitingIdentify() implements ConnectionState { }

    /** Identified or resumed: dispatches of {@code sessionId} flow over this connection. */
    record Active(String sessionId) implements ConnectionState { }

    /** Closed by either side; nothing more happens. {@code code} is the close code, 1006 for a drop. */
    record Closed(int code) implements ConnectionState { }
}
