package community.arrakis.gatewayproxy.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a simulator is started with; immutable, validated here. Built with {@link #builder()}
 * (every option at its default), or derived from another with {@link #toBuilder()} or a wither.
 *
 * @param host                     interface to bind, also the host of the URLs it hands out (gateway,
 *                                 resume); loopback by default, as a local Discord, or a name the bot
 *                                 resolves to this machine (a Compose service name) to serve other hosts
 * @param port                     0 picks a free port
 * @param botToken                 the bare token; REST wants {@code Bot <token>}, IDENTIFY the bare one
 * @param applicationId            also the bot user's id, as for real bots
 * @param heartbeatInterval        sent in HELLO; a connection that misses 1.5 intervals gets 4009
 * @param recommendedShards        {@code shards} of GET /gateway/bot
 * @param maxConcurrency           identify buckets ({@code shard_id % max_concurrency}), one identify each per
 *                                 {@code identifyWindow}
 * @param identifyWindow           5 s on Discord
 * @param sessionStartLimit        daily identify budget, {@code session_start_limit.total}
 * @param world                    size of the generated world
 * @param privilegedIntents        which privileged intents the application has enabled (GUILD_MEMBERS 2,
 *                                 GUILD_PRESENCES 256, MESSAGE_CONTENT 32768); others close with 4014
 * @param resumeWindow             how long a disconnected session stays resumable
 * @param replayBufferSize         dispatches a session keeps for replay on RESUME
 * @param maxGuildsPerShard        2500 on Discord; more guilds on one shard closes with 4011
 * @param gatewaySendLimit         payloads a client may send per {@code gatewaySendWindow} (120 / 60 s)
 * @param gatewaySendWindow        window of the send limit
 * @param interactionResponseWindow time from the interaction's snowflake to the last accepted callback
 * @param interactionTokenLifetime time from the interaction's snowflake during which follow-ups work
 * @param rateLimits               REST rate limits
 * @param recordDispatches         keep a record of every dispatch (turn off for long load runs)
 * @param clock                    base of the simulator clock
 */
public record SimulatorConfig(String host, int port, String botToken, String applicationId, Duration heartbeatInterval,
                              int recommendedShards, int maxConcurrency, Duration identifyWindow,
                              int sessionStartLimit, WorldSpec world, long privilegedIntents, Duration resumeWindow,
                              int replayBufferSize, int maxGuildsPerShard, int gatewaySendLimit,
                              Duration gatewaySendWindow, Duration interactionResponseWindow,
                              Duration interactionTokenLifetime, RateLimitConfig rateLimits,
                              boolean recordDispatches, Clock clock) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_BOT_TOKEN = "sim-bot-token";
    public static final String DEFAULT_APPLICATION_ID =
            Long.toUnsignedString(Snowflake.at(World.WORLD_EPOCH_MILLIS - 86_400_000L, 0));
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofMillis(41_250);
    public static final Duration DEFAULT_IDENTIFY_WINDOW = Duration.ofSeconds(5);
    public static final int DEFAULT_SESSION_START_LIMIT = 1000;
    /** GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT: all enabled, as on a dev portal with every switch on. */
    public static final long ALL_PRIVILEGED_INTENTS = 2L | 256L | 32_768L;
    public static final Duration DEFAULT_RESUME_WINDOW = Duration.ofMinutes(3);
    public static final int DEFAULT_REPLAY_BUFFER_SIZE = 10_000;
    public static final int DEFAULT_MAX_GUILDS_PER_SHARD = 2500;
    public static final int DEFAULT_GATEWAY_SEND_LIMIT = 120;
    public static final Duration DEFAULT_GATEWAY_SEND_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_INTERACTION_RESPONSE_WINDOW = Duration.ofSeconds(3);
    public static final Duration DEFAULT_INTERACTION_TOKEN_LIFETIME = Duration.ofMinutes(15);

    public SimulatorConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must name an interface or host name to bind, e.g. 127.0.0.1, was '"
                    + host + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535 (0 = any free port), was " + port);
        }
        if (botToken == null || botToken.isBlank() || botToken.startsWith("Bot ")) {
            throw new IllegalArgumentException("botToken must be the bare, non-blank token (no 'Bot ' prefix)");
        }
        if (applicationId == null || !applicationId.matches("\\d{1,20}")) {
            throw new IllegalArgumentException("applicationId must be a snowflake, was " + applicationId);
        }
        positive("heartbeatInterval", heartbeatInterval);
        positive("identifyWindow", identifyWindow);
        positive("resumeWindow", resumeWindow);
        positive("gatewaySendWindow", gatewaySendWindow);
        positive("interactionResponseWindow", interactionResponseWindow);
        positive("interactionTokenLifetime", interactionTokenLifetime);
        positive("recommendedShards", recommendedShards);
        positive("maxConcurrency", maxConcurrency);
        positive("sessionStartLimit", sessionStartLimit);
        positive("replayBufferSize", replayBufferSize);
        positive("maxGuildsPerShard", maxGuildsPerShard);
        positive("gatewaySendLimit", gatewaySendLimit);
        if ((privilegedIntents & ~ALL_PRIVILEGED_INTENTS) != 0) {
            throw new IllegalArgumentException("privilegedIntents may only hold 2, 256 and 32768, was " + privilegedIntents);
        }
        Objects.requireNonNull(world, "world");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(clock, "clock");
    }

    /** Every option at its default: a loopback simulator on a free port, one shard, Discord's limits. */
    public static SimulatorConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to derive another from it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.botToken = botToken;
        b.applicationId = applicationId;
        b.heartbeatInterval = heartbeatInterval;
        b.recommendedShards = recommendedShards;
        b.maxConcurrency = maxConcurrency;
        b.identifyWindow = identifyWindow;
        b.sessionStartLimit = sessionStartLimit;
        b.world = world;
        b.privilegedIntents = privilegedIntents;
        b.resumeWindow = resumeWindow;
        b.replayBufferSize = replayBufferSize;
        b.maxGuildsPerShard = maxGuildsPerShard;
        b.gatewaySendLimit = gatewaySendLimit;
        b.gatewaySendWindow = gatewaySendWindow;
        b.interactionResponseWindow = interactionResponseWindow;
        b.interactionTokenLifetime = interactionTokenLifetime;
        b.rateLimits = rateLimits;
        b.recordDispatches = recordDispatches;
        b.clock = clock;
        return b;
    }

    // Tests derive many variants of one base configuration, so the simulator keeps copy-with
    // methods; each goes through the builder.

    public SimulatorConfig withHost(String value) {
        return toBuilder().host(value).build();
    }

    public SimulatorConfig withPort(int value) {
        return toBuilder().port(value).build();
    }

    public SimulatorConfig withBotToken(String value) {
        return toBuilder().botToken(value).build();
    }

    public SimulatorConfig withApplicationId(String value) {
        return toBuilder().applicationId(value).build();
    }

    public SimulatorConfig withHeartbeatInterval(Duration value) {
        return toBuilder().heartbeatInterval(value).build();
    }

    public SimulatorConfig withRecommendedShards(int value) {
        return toBuilder().recommendedShards(value).build();
    }

    public SimulatorConfig withMaxConcurrency(int value) {
        return toBuilder().maxConcurrency(value).build();
    }

    public SimulatorConfig withIdentifyWindow(Duration value) {
        return toBuilder().identifyWindow(value).build();
    }

    public SimulatorConfig withSessionStartLimit(int value) {
        return toBuilder().sessionStartLimit(value).build();
    }

    public SimulatorConfig withWorld(WorldSpec value) {
        return toBuilder().world(value).build();
    }

    public SimulatorConfig withPrivilegedIntents(long value) {
        return toBuilder().privilegedIntents(value).build();
    }

    public SimulatorConfig withResumeWindow(Duration value) {
        return toBuilder().resumeWindow(value).build();
    }

    public SimulatorConfig withReplayBufferSize(int value) {
        return toBuilder().replayBufferSize(value).build();
    }

    public SimulatorConfig withMaxGuildsPerShard(int value) {
        return toBuilder().maxGuildsPerShard(value).build();
    }

    public SimulatorConfig withGatewaySendLimit(int limit, Duration window) {
        return toBuilder().gatewaySendLimit(limit).gatewaySendWindow(window).build();
    }

    public SimulatorConfig withInteractionDeadlines(Duration responseWindow, Duration tokenLifetime) {
        return toBuilder().interactionResponseWindow(responseWindow).interactionTokenLifetime(tokenLifetime).build();
    }

    public SimulatorConfig withRateLimits(RateLimitConfig value) {
        return toBuilder().rateLimits(value).build();
    }

    public SimulatorConfig withRecordDispatches(boolean value) {
        return toBuilder().recordDispatches(value).build();
    }

    public SimulatorConfig withClock(Clock value) {
        return toBuilder().clock(value).build();
    }

    /**
     * Collects the options, each starting at its named default; {@link #build()} validates them
     * all at once (in the record's constructor). Each setter is named after the record component
     * it sets, documented there.
     */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = 0;
        private String botToken = DEFAULT_BOT_TOKEN;
        private String applicationId = DEFAULT_APPLICATION_ID;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private int recommendedShards = 1;
        private int maxConcurrency = 1;
        private Duration identifyWindow = DEFAULT_IDENTIFY_WINDOW;
        private int sessionStartLimit = DEFAULT_SESSION_START_LIMIT;
        private WorldSpec world = WorldSpec.defaults();
        private long privilegedIntents = ALL_PRIVILEGED_INTENTS;
        private Duration resumeWindow = DEFAULT_RESUME_WINDOW;
        private int replayBufferSize = DEFAULT_REPLAY_BUFFER_SIZE;
        private int maxGuildsPerShard = DEFAULT_MAX_GUILDS_PER_SHARD;
        private int gatewaySendLimit = DEFAULT_GATEWAY_SEND_LIMIT;
        private Duration gatewaySendWindow = DEFAULT_GATEWAY_SEND_WINDOW;
        private Duration interactionResponseWindow = DEFAULT_INTERACTION_RESPONSE_WINDOW;
        private Duration interactionTokenLifetime = DEFAULT_INTERACTION_TOKEN_LIFETIME;
        private RateLimitConfig rateLimits = RateLimitConfig.defaults();
        private boolean recordDispatches = true;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder botToken(String value) {
            botToken = value;
            return this;
        }

        public Builder applicationId(String value) {
            applicationId = value;
            return this;
        }

        public Builder heartbeatInterval(Duration value) {
            heartbeatInterval = value;
            return this;
        }

        public Builder recommendedShards(int value) {
            recommendedShards = value;
            return this;
        }

        public Builder maxConcurrency(int value) {
            maxConcurrency = value;
            return this;
        }

        public Builder identifyWindow(Duration value) {
            identifyWindow = value;
            return this;
        }

        public Builder sessionStartLimit(int value) {
            sessionStartLimit = value;
            return this;
        }

        public Builder world(WorldSpec value) {
            world = value;
            return this;
        }

        public Builder privilegedIntents(long value) {
            privilegedIntents = value;
            return this;
        }

        public Builder resumeWindow(Duration value) {
            resumeWindow = value;
            return this;
        }

        public Builder replayBufferSize(int value) {
            replayBufferSize = value;
            return this;
        }

        public Builder maxGuildsPerShard(int value) {
            maxGuildsPerShard = value;
            return this;
        }

        public Builder gatewaySendLimit(int value) {
            gatewaySendLimit = value;
            return this;
        }

        public Builder gatewaySendWindow(Duration value) {
            gatewaySendWindow = value;
            return this;
        }

        public Builder interactionResponseWindow(Duration value) {
            interactionResponseWindow = value;
            return this;
        }

        public Builder interactionTokenLifetime(Duration value) {
            interactionTokenLifetime = value;
            return this;
        }

        public Builder rateLimits(RateLimitConfig value) {
            rateLimits = value;
            return this;
        }

        public Builder recordDispatches(boolean value) {
            recordDispatches = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public SimulatorConfig build() {
            return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                    maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                    replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                    interactionTokenLifetime, rateLimits, recordDispatches, clock);
        }
    }

    @Override
    public String toString() {
        // The token must never reach a log line, and records print every component.
        return "SimulatorConfig[host=" + host + ", port=" + port + ", botToken=[redacted], applicationId="
                + applicationId + ", heartbeatInterval=" + heartbeatInterval + ", recommendedShards="
                + recommendedShards + ", maxConcurrency=" + maxConcurrency + ", world=" + world + "]";
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
