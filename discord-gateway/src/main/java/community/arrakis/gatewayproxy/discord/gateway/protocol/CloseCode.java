package community.arrakis.gatewayproxy.discord.gateway.protocol;

/**
 * WebSocket close codes a gateway connection can end with, each with the recovery it calls for
 * (Discord's "Opcodes and Status Codes" docs, gateway close event codes). The docs only say
 * "reconnect: yes/no"; we resume wherever the session can still be valid and start a new one where
 * the docs say it is gone (4003, 4007, 4009), because a RESUME there would only earn an op 9 and
 * one more round trip.
 *
 * <p>Codes not listed here (1006 abnormal closure, 1011, a bare TCP drop, a code Discord adds
 * later) are treated like a drop: {@link #recoveryFor(int)} answers RESUME, since a resumable
 * session is the common case and op 9 corrects us cheaply if it is not.
 */
public enum CloseCode {
    /** Sent by the server: treated as resumable (the docs only define the client-sent meaning). */
    NORMAL(1000, Recovery.RESUME, "normal closure"),
    GOING_AWAY(1001, Recovery.RESUME, "going away"),
    /** Never sent on the wire: the JDK reports it when the TCP connection ended without a close frame. */
    ABNORMAL_CLOSURE(1006, Recovery.RESUME, "connection dropped without a close frame"),
    UNKNOWN_ERROR(4000, Recovery.RESUME, "unknown error"),
    UNKNOWN_OPCODE(4001, Recovery.RESUME, "unknown opcode or invalid payload"),
    DECODE_ERROR(4002, Recovery.RESUME, "decode error"),
    NOT_AUTHENTICATED(4003, Recovery.NEW_SESSION, "not authenticated"),
    AUTHENTICATION_FAILED(4004, Recovery.STOP, "authentication failed: the bot token is invalid"),
    ALREADY_AUTHENTICATED(4005, Recovery.RESUME, "already authenticated"),
    INVALID_SEQ(4007, Recovery.NEW_SESSION, "invalid sequence in RESUME"),
    RATE_LIMITED(4008, Recovery.RESUME, "rate limited: more than 120 sends per 60 s"),
    SESSION_TIMED_OUT(4009, Recovery.NEW_SESSION, "session timed out"),
    INVALID_SHARD(4010, Recovery.STOP, "invalid shard"),
    SHARDING_REQUIRED(4011, Recovery.STOP, "sharding required: too many guilds for this shard count"),
    INVALID_API_VERSION(4012, Recovery.STOP, "invalid API version"),
    INVALID_INTENTS(4013, Recovery.STOP, "invalid intents"),
    DISALLOWED_INTENTS(4014, Recovery.STOP, "disallowed intents: a privileged intent is not enabled for this bot");

    /**
     * The code a client sends when it wants the session to survive (anything except 1000/1001
     * keeps it; 4000 reads as "unknown error" on Discord's side, which is harmless).
     */
    public static final int RESUMABLE_CLIENT_CLOSE = 4000;

    /** Whether this code means the socket dropped rather than the server closing it. */
    public static boolean isDrop(int code) {
        return code < 0 || code == 1006;
    }

    /** The code a client sends to end its session for good; Discord shows the bot offline. */
    public static final int INVALIDATING_CLIENT_CLOSE = 1000;

    private final int code;
    private final Recovery recovery;
    private final String meaning;

    CloseCode(int code, Recovery recovery, String meaning) {
        this.code = code;
        this.recovery = recovery;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public Recovery recovery() {
        return recovery;
    }

    public String meaning() {
        return meaning;
    }

    /** The known close code, or null. */
    public static CloseCode of(int code) {
        for (CloseCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    /** The recovery for any code the server closed with; unknown codes resume (see class comment). */
    public static Recovery recoveryFor(int code) {
        CloseCode known = of(code);
        return known == null ? Recovery.RESUME : known.recovery;
    }

    /** Plain words for logs and status reasons, e.g. {@code "4004 authentication failed: ..."}. */
    public static String describe(int code) {
        CloseCode known = of(code);
        return known == null ? code + " (unknown close code)" : code + " " + known.meaning;
    }
}
