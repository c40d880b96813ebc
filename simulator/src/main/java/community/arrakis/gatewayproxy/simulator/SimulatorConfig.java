package community.arrakis.gatewayproxy.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a simulator is started with; immutable, validated here, changed through withers.
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

    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_HOST, 0, DEFAULT_BOT_TOKEN, DEFAULT_APPLICATION_ID, DEFAULT_HEARTBEAT_INTERVAL,
                1, 1, DEFAULT_IDENTIFY_WINDOW, DEFAULT_SESSION_START_LIMIT, WorldSpec.defaults(),
                ALL_PRIVILEGED_INTENTS, DEFAULT_RESUME_WINDOW, DEFAULT_REPLAY_BUFFER_SIZE, DEFAULT_MAX_GUILDS_PER_SHARD,
                DEFAULT_GATEWAY_SEND_LIMIT, DEFAULT_GATEWAY_SEND_WINDOW, DEFAULT_INTERACTION_RESPONSE_WINDOW,
                DEFAULT_INTERACTION_TOKEN_LIFETIME, RateLimitConfig.defaults(), true, Clock.systemUTC());
    }

    public SimulatorConfig withHost(String value) {
        return new SimulatorConfig(value, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withPort(int value) {
        return new SimulatorConfig(host, value, botToken, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withBotToken(String value) {
        return new SimulatorConfig(host, port, value, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withApplicationId(String value) {
        return new SimulatorConfig(host, port, botToken, value, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withHeartbeatInterval(Duration value) {
        return new SimulatorConfig(host, port, botToken, applicationId, value, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withRecommendedShards(int value) {
        return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, value,
                maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withMaxConcurrency(int value) {
        return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                value, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withIdentifyWindow(Duration value) {
        return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, value, sessionStartLimit, world, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withSessionStartLimit(int value) {
        return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, value, world, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withWorld(WorldSpec value) {
        return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, value, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withPrivilegedIntents(long value) {
        return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, world, value, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withResumeWindow(Duration value) {
        return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, value,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withReplayBufferSize(int value) {
        return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                value, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withMaxGuildsPerShard(int value) {
        return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                replayBufferSize, value, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withGatewaySendLimit(int limit, Duration window) {
        return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, limit, window, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withInteractionDeadlines(Duration responseWindow, Duration tokenLifetime) {
        return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, responseWindow,
                tokenLifetime, rateLimits, recordDispatches, clock);
    }

    public SimulatorConfig withRateLimits(RateLimitConfig value) {
        return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, value, recordDispatches, clock);
    }

    public SimulatorConfig withRecordDispatches(boolean value) {
        return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, value, clock);
    }

    public SimulatorConfig withClock(Clock value) {
        return new SimulatorConfig(host, port, botToken, applicationId, heartbeatInterval, recommendedShards,
                maxConcurrency, identifyWindow, sessionStartLimit, world, privilegedIntents, resumeWindow,
                replayBufferSize, maxGuildsPerShard, gatewaySendLimit, gatewaySendWindow, interactionResponseWindow,
                interactionTokenLifetime, rateLimits, recordDispatches, value);
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
