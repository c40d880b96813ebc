package community.arrakis.gatewayproxy.simulator.gateway;

/** Gateway opcodes; {@code fromClient} says whether a client may send it (server-only ones close with 4001). */
public enum Opcode {
    DISPATCH(0, false),
    HEARTBEAT(1, true),
    IDENTIFY(2, true),
    PRESENCE_UPDATE(3, true),
    VOICE_STATE_UPDATE(4, true),
    RESUME(6, true),
    RECONNECT(7, false),
    REQUEST_GUILD_MEMBERS(8, true),
    INVALID_SESSION(9, false),
    HELLO(10, false),
    HEARTBEAT_ACK(11, false),
    REQUEST_SOUNDBOARD_SOUNDS(31, true),
    REQUEST_CHANNEL_INFO(43, true);

    private final int code;
    private final boolean fromClient;

    Opcode(int code, boolean fromClient) {
        this.code = code;
        this.fromClient = fromClient;
    }

    public int code() {
        return code;
    }

    public boolean fromClient() {
        return fromClient;
    }

    /** The client-sendable opcode with this number, or null (unknown, or server-only). */
    public static Opcode clientOpcode(int code) {
        for (Opcode op : values()) {
            if (op.code == code && op.fromClient) {
                return op;
            }
        }
        return null;
    }
}
