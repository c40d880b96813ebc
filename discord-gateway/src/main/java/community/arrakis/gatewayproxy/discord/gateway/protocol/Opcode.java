package community.arrakis.gatewayproxy.discord.gateway.protocol;

/**
 * Gateway v10 opcodes (Discord's "Opcodes and Status Codes" docs). Each constant says which way it
 * travels, so a frame reader can tell a protocol error (the server sending a client-only opcode)
 * from a new opcode.
 */
public enum Opcode {
    DISPATCH(0, true, false),
    HEARTBEAT(1, true, true),
    IDENTIFY(2, false, true),
    PRESENCE_UPDATE(3, false, true),
    VOICE_STATE_UPDATE(4, false, true),
    RESUME(6, false, true),
    RECONNECT(7, true, false),
    REQUEST_GUILD_MEMBERS(8, false, true),
    INVALID_SESSION(9, true, false),
    HELLO(10, true, false),
    HEARTBEAT_ACK(11, true, false),
    REQUEST_SOUNDBOARD_SOUNDS(31, false, true),
    REQUEST_CHANNEL_INFO(43, false, true);

    private static final Opcode[] BY_CODE = new Opcode[64];

    static {
        for (Opcode op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    private final int code;
    private final boolean sentByServer;
    private final boolean sentByClient;

    Opcode(int code, boolean sentByServer, boolean sentByClient) {
        this.code = code;
        this.sentByServer = sentByServer;
        this.sentByClient = sentByClient;
    }

    public int code() {
        return code;
    }

    public boolean sentByServer() {
        return sentByServer;
    }

    public boolean sentByClient() {
        return sentByClient;
    }

    /** The opcode with this number, or null for one this client does not know (it is ignored). */
    public static Opcode of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
