package community.arrakis.gatewayproxy.simulator.gateway;

/**
 * Gateway frames as text. Non-dispatch frames spell {@code t} and {@code s} out as null, as Discord
 * does. Dispatch frames are spliced from the already-serialized {@code d} so that one event fanned
 * out to several sessions is serialized once.
 */
public final class Frames {
    private static final String NON_DISPATCH_PREFIX = "{\"t\":null,\"s\":null,\"op\":";

    private Frames() {
    }

    public static String hello(long heartbeatIntervalMillis) {
        return NON_DISPATCH_PREFIX + Opcode.HELLO.code() + ",\"d\":{\"heartbeat_interval\":" + heartbeatIntervalMillis
                + ",\"_trace\":[\"[\\\"arrakis-simulator\\\",{\\\"micros\\\":0}]\"]}}";
    }

    public static String heartbeatAck() {
        return NON_DISPATCH_PREFIX + Opcode.HEARTBEAT_ACK.code() + ",\"d\":null}";
    }

    public static String heartbeatRequest() {
        return NON_DISPATCH_PREFIX + Opcode.HEARTBEAT.code() + ",\"d\":null}";
    }

    public static String reconnect() {
        return NON_DISPATCH_PREFIX + Opcode.RECONNECT.code() + ",\"d\":null}";
    }

    public static String invalidSession(boolean resumable) {
        return NON_DISPATCH_PREFIX + Opcode.INVALID_SESSION.code() + ",\"d\":" + resumable + "}";
    }

    public static String dispatch(String type, long seq, String dataJson) {
        return "{\"t\":\"" + type + "\",\"s\":" + seq + ",\"op\":0,\"d\":" + dataJson + "}";
    }
}
