package community.arrakis.gatewayproxy.simulator.gateway;

/**
 * Gateway close codes with the policy the simulator applies after sending one: whether the session
 * survives for a RESUME. 4003, 4007 and 4009 are reconnectable per the docs but want a new
 * session, so the simulator answers a later RESUME with op 9 {@code false}.
 */
public enum CloseCode {
    UNKNOWN_ERROR(4000, "Unknown error.", true),
    UNKNOWN_OPCODE(4001, "Unknown opcode.", true),
    DECODE_ERROR(4002, "Error while decoding payload.", true),
    NOT_AUTHENTICATED(4003, "Not authenticated.", false),
    AUTHENTICATION_FAILED(4004, "Authentication failed.", false),
    ALREADY_AUTHENTICATED(4005, "Already authenticated.", true),
    INVALID_SEQ(4007, "Invalid seq.", false),
    RATE_LIMITED(4008, "Rate limited.", true),
    SESSION_TIMED_OUT(4009, "Session timed out.", false),
    INVALID_SHARD(4010, "Invalid shard.", false),
    SHARDING_REQUIRED(4011, "Sharding required.", false),
    INVALID_API_VERSION(4012, "Invalid API version.", false),
    INVALID_INTENTS(4013, "Invalid intent(s).", false),
    DISALLOWED_INTENTS(4014, "Disallowed intent(s).", false);

    private final int code;
    private final String reason;
    private final boolean sessionSurvives;

    CloseCode(int code, String reason, boolean sessionSurvives) {
        this.code = code;
        this.reason = reason;
        this.sessionSurvives = sessionSurvives;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public boolean sessionSurvives() {
        return sessionSurvives;
    }

    /** Whether a session survives a close with an arbitrary code (server-sent 1000/1001 included). */
    public static boolean sessionSurvives(int code) {
        for (CloseCode c : values()) {
            if (c.code == code) {
                return c.sessionSurvives;
            }
        }
        return true;
    }

    /** Client-initiated 1000 and 1001 end the session; anything else keeps it resumable. */
    public static boolean clientCloseEndsSession(int code) {
        return code == 1000 || code == 1001;
    }
}
