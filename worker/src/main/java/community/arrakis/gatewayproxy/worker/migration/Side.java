package community.arrakis.gatewayproxy.worker.migration;

import java.util.Locale;

/** The two ways a bot runs during a migration, and the shadow that only records. */
public enum Side {
    /** The legacy shape: one process with its own gateway sessions. */
    STANDALONE,
    /** Ingestor + workers. */
    PROXY,
    /** Ingestor + workers beside the live bot, recording instead of writing to Discord. */
    SHADOW;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Side fromKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
