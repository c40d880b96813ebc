package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.common.Redaction;
import community.arrakis.gatewayproxy.discord.gateway.ShardOptions;
import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything an ingestor process is configured with. Immutable; every option has a named default
 * and is checked here, so a bad value fails at start with a message naming the option.
 *
 * @param apiBaseUrl            Discord REST base, {@link #DEFAULT_API_BASE_URL} or a simulator's
 * @param botToken              the bare bot token; required, never logged
 * @param amqpUrl               RabbitMQ, {@link #DEFAULT_AMQP_URL}
 * @param redisUrl              Redis for session checkpoints and identify coordination
 * @param topology              RabbitMQ names ({@link Topology#defaults()})
 * @param redisKeyPrefix        prefix of every Redis key this process writes
 * @param intents               gateway intents ({@link ShardOptions#DEFAULT_INTENTS})
 * @param shards                the shards this process owns; null = all of them
 * @param totalShards           the bot's shard count; 0 = Discord's recommendation from /gateway/bot
 * @param messageEvents         whether MESSAGE_CREATE is forwarded (and bound)
 * @param eventTypes            allow-list of Discord dispatch types to forward; empty = every type the
 *                              routing table knows
 * @param opsPort               health and metrics HTTP port; 0 = any free port
 * @param maxBufferedPerShard   unconfirmed events a shard may have before it is paused
 * @param checkpointInterval    how often confirmed sequences are written to Redis
 * @param silentShardThreshold  a READY shard without any dispatch for this long is flagged silent
 * @param identifyBudgetReserve identifies to keep in reserve: below it, no new session is started
 * @param compression           the gateway transport compression to ask for
 * @param shutdownTimeout       how long a graceful stop waits for outstanding confirms
 * @param startRetryTimeout     how long start-up keeps retrying RabbitMQ and Redis when they do not
 *                              answer (they may still be starting) before giving up
 * @param deferUnconfirmedInteractions when an interaction's event is not confirmed by the broker
 *                              {@link InteractionDeferrer#DEFER_AT} after its creation, answer Discord
 *                              with a deferred response from here, so that a worker can still finish it
 *                              within 15 minutes (off by default: the ingestor then calls Discord's
 *                              REST API, which it otherwise never does for events)
 */
public record IngestorConfig(
        URI apiBaseUrl,
        String botToken,
        String amqpUrl,
        String redisUrl,
        Topology topology,
        String redisKeyPrefix,
        int intents,
        ShardRange shards,
        int totalShards,
        boolean messageEvents,
        Set<String> eventTypes,
        int opsPort,
        int maxBufferedPerShard,
        Duration checkpointInterval,
        Duration silentShardThreshold,
        int identifyBudgetReserve,
        TransportCompression compression,
        Duration shutdownTimeout,
        Duration startRetryTimeout,
        boolean deferUnconfirmedInteractions) {

    public static final URI DEFAULT_API_BASE_URL = URI.create("https://discord.com/api/v10");
    public static final String DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672";
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
    public static final String DEFAULT_REDIS_KEY_PREFIX = "arrakis:";
    public static final int DEFAULT_OPS_PORT = 8081;
    public static final int DEFAULT_MAX_BUFFERED_PER_SHARD = 10_000;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMillis(250);
    public static final Duration DEFAULT_SILENT_SHARD_THRESHOLD = Duration.ofMinutes(10);
    public static final int DEFAULT_IDENTIFY_BUDGET_RESERVE = 20;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_START_RETRY_TIMEOUT = Duration.ofSeconds(60);

    public IngestorConfig {
        Objects.requireNonNull(apiBaseUrl, "--discord-api-url (DISCORD_API_URL) is required");
        if (!"http".equals(apiBaseUrl.getScheme()) && !"https".equals(apiBaseUrl.getScheme())) {
            throw new IllegalArgumentException("--discord-api-url (DISCORD_API_URL) must be an http(s) URL, was " + apiBaseUrl);
        }
        if (botToken == null || botToken.isBlank()) {
            throw new IllegalArgumentException("--token (DISCORD_TOKEN) is required");
        }
        if (amqpUrl == null || !(amqpUrl.startsWith("amqp://") || amqpUrl.startsWith("amqps://"))) {
            throw new IllegalArgumentException("--rabbitmq-url (RABBITMQ_URL) must be an amqp:// or amqps:// URL");
        }
        if (redisUrl == null || !(redisUrl.startsWith("redis://") || redisUrl.startsWith("rediss://"))) {
            throw new IllegalArgumentException("--redis-url (REDIS_URL) must be a redis:// or rediss:// URL");
        }
        Objects.requireNonNull(topology, "topology");
        redisKeyPrefix = redisKeyPrefix == null ? DEFAULT_REDIS_KEY_PREFIX : redisKeyPrefix;
        if (intents < 0) {
            throw new IllegalArgumentException("--intents must be a non-negative bit set, was " + intents);
        }
        if (totalShards < 0) {
            throw new IllegalArgumentException("--total-shards must be 0 (automatic) or more, was " + totalShards);
        }
        if (shards != null && totalShards > 0 && shards.last() >= totalShards) {
            throw new IllegalArgumentException("--shards " + shards + " does not fit in --total-shards " + totalShards
                    + " (shard ids are 0.." + (totalShards - 1) + ")");
        }
        eventTypes = eventTypes == null ? Set.of() : Set.copyOf(eventTypes);
        for (String type : eventTypes) {
            if (!RoutingTable.ROUTED_DISPATCHES.contains(type)) {
                throw new IllegalArgumentException("--event-types: '" + type + "' is not a forwardable dispatch type; accepted: "
                        + new java.util.TreeSet<>(RoutingTable.ROUTED_DISPATCHES));
            }
        }
        Objects.requireNonNull(compression, "compression");
        if (opsPort < 0 || opsPort > 65535) {
            throw new IllegalArgumentException("--ops-port must be 0..65535, was " + opsPort);
        }
        if (maxBufferedPerShard < 1) {
            throw new IllegalArgumentException("--max-buffered-per-shard must be at least 1, was " + maxBufferedPerShard);
        }
        requirePositive(checkpointInterval, "--checkpoint-interval");
        requirePositive(silentShardThreshold, "--silent-shard-threshold");
        requirePositive(shutdownTimeout, "--shutdown-timeout");
        if (startRetryTimeout == null || startRetryTimeout.isNegative()) {
            throw new IllegalArgumentException("--start-retry-timeout must be 0 (no retry) or a positive duration, was "
                    + startRetryTimeout);
        }
        if (identifyBudgetReserve < 0) {
            throw new IllegalArgumentException("--identify-budget-reserve must be 0 or more, was " + identifyBudgetReserve);
        }
    }

    /** See {@link #deferUnconfirmedInteractions()}. */
    public IngestorConfig withDeferUnconfirmedInteractions(boolean value) {
        return new IngestorConfig(apiBaseUrl, botToken, amqpUrl, redisUrl, topology, redisKeyPrefix, intents, shards,
                totalShards, messageEvents, eventTypes, opsPort, maxBufferedPerShard, checkpointInterval,
                silentShardThreshold, identifyBudgetReserve, compression, shutdownTimeout, startRetryTimeout, value);
    }

    /** Every option at its default, for this token. */
    public static IngestorConfig defaults(String botToken) {
        return new IngestorConfig(DEFAULT_API_BASE_URL, botToken, DEFAULT_AMQP_URL, DEFAULT_REDIS_URL,
                Topology.defaults(), DEFAULT_REDIS_KEY_PREFIX, ShardOptions.DEFAULT_INTENTS, null, 0, false, Set.of(),
                DEFAULT_OPS_PORT, DEFAULT_MAX_BUFFERED_PER_SHARD, DEFAULT_CHECKPOINT_INTERVAL,
                DEFAULT_SILENT_SHARD_THRESHOLD, DEFAULT_IDENTIFY_BUDGET_RESERVE, TransportCompression.ZLIB_STREAM,
                DEFAULT_SHUTDOWN_TIMEOUT, DEFAULT_START_RETRY_TIMEOUT, false);
    }

    public IngestorConfig withApiBaseUrl(URI value) {
        return new IngestorConfig(value, botToken, amqpUrl, redisUrl, topology, redisKeyPrefix, intents, shards,
                totalShards, messageEvents, eventTypes, opsPort, maxBufferedPerShard, checkpointInterval,
                silentShardThreshold, identifyBudgetReserve, compression, shutdownTimeout, startRetryTimeout, deferUnconfirmedInteractions);
    }

    public IngestorConfig withBroker(String newAmqpUrl, Topology newTopology) {
        return new IngestorConfig(apiBaseUrl, botToken, newAmqpUrl, redisUrl, newTopology, redisKeyPrefix, intents,
                shards, totalShards, messageEvents, eventTypes, opsPort, maxBufferedPerShard, checkpointInterval,
                silentShardThreshold, identifyBudgetReserve, compression, shutdownTimeout, startRetryTimeout, deferUnconfirmedInteractions);
    }

    public IngestorConfig withRedis(String newRedisUrl, String newKeyPrefix) {
        return new IngestorConfig(apiBaseUrl, botToken, amqpUrl, newRedisUrl, topology, newKeyPrefix, intents,
                shards, totalShards, messageEvents, eventTypes, opsPort, maxBufferedPerShard, checkpointInterval,
                silentShardThreshold, identifyBudgetReserve, compression, shutdownTimeout, startRetryTimeout, deferUnconfirmedInteractions);
    }

    public IngestorConfig withShards(ShardRange newShards, int newTotalShards) {
        return new IngestorConfig(apiBaseUrl, botToken, amqpUrl, redisUrl, topology, redisKeyPrefix, intents,
                newShards, newTotalShards, messageEvents, eventTypes, opsPort, maxBufferedPerShard, checkpointInterval,
                silentShardThreshold, identifyBudgetReserve, compression, shutdownTimeout, startRetryTimeout, deferUnconfirmedInteractions);
    }

    public IngestorConfig withEvents(boolean newMessageEvents, Set<String> newEventTypes) {
        return new IngestorConfig(apiBaseUrl, botToken, amqpUrl, redisUrl, topology, redisKeyPrefix, intents, shards,
                totalShards, newMessageEvents, newEventTypes, opsPort, maxBufferedPerShard, checkpointInterval,
                silentShardThreshold, identifyBudgetReserve, compression, shutdownTimeout, startRetryTimeout, deferUnconfirmedInteractions);
    }

    public IngestorConfig withIntents(int newIntents) {
        return new IngestorConfig(apiBaseUrl, botToken, amqpUrl, redisUrl, topology, redisKeyPrefix, newIntents,
                shards, totalShards, messageEvents, eventTypes, opsPort, maxBufferedPerShard, checkpointInterval,
                silentShardThreshold, identifyBudgetReserve, compression, shutdownTimeout, startRetryTimeout, deferUnconfirmedInteractions);
    }

    public IngestorConfig withOpsPort(int newOpsPort) {
        return new IngestorConfig(apiBaseUrl, botToken, amqpUrl, redisUrl, topology, redisKeyPrefix, intents, shards,
                totalShards, messageEvents, eventTypes, newOpsPort, maxBufferedPerShard, checkpointInterval,
                silentShardThreshold, identifyBudgetReserve, compression, shutdownTimeout, startRetryTimeout, deferUnconfirmedInteractions);
    }

    public IngestorConfig withBuffering(int newMaxBufferedPerShard, Duration newCheckpointInterval) {
        return new IngestorConfig(apiBaseUrl, botToken, amqpUrl, redisUrl, topology, redisKeyPrefix, intents, shards,
                totalShards, messageEvents, eventTypes, opsPort, newMaxBufferedPerShard, newCheckpointInterval,
                silentShardThreshold, identifyBudgetReserve, compression, shutdownTimeout, startRetryTimeout, deferUnconfirmedInteractions);
    }

    public IngestorConfig withWatchdog(Duration newSilentShardThreshold) {
        return new IngestorConfig(apiBaseUrl, botToken, amqpUrl, redisUrl, topology, redisKeyPrefix, intents, shards,
                totalShards, messageEvents, eventTypes, opsPort, maxBufferedPerShard, checkpointInterval,
                newSilentShardThreshold, identifyBudgetReserve, compression, shutdownTimeout, startRetryTimeout, deferUnconfirmedInteractions);
    }

    public IngestorConfig withIdentifyBudgetReserve(int newReserve) {
        return new IngestorConfig(apiBaseUrl, botToken, amqpUrl, redisUrl, topology, redisKeyPrefix, intents, shards,
                totalShards, messageEvents, eventTypes, opsPort, maxBufferedPerShard, checkpointInterval,
                silentShardThreshold, newReserve, compression, shutdownTimeout, startRetryTimeout, deferUnconfirmedInteractions);
    }

    public IngestorConfig withCompression(TransportCompression value) {
        return new IngestorConfig(apiBaseUrl, botToken, amqpUrl, redisUrl, topology, redisKeyPrefix, intents, shards,
                totalShards, messageEvents, eventTypes, opsPort, maxBufferedPerShard, checkpointInterval,
                silentShardThreshold, identifyBudgetReserve, value, shutdownTimeout, startRetryTimeout, deferUnconfirmedInteractions);
    }

    public IngestorConfig withShutdownTimeout(Duration timeout) {
        return new IngestorConfig(apiBaseUrl, botToken, amqpUrl, redisUrl, topology, redisKeyPrefix, intents, shards,
                totalShards, messageEvents, eventTypes, opsPort, maxBufferedPerShard, checkpointInterval,
                silentShardThreshold, identifyBudgetReserve, compression, timeout, startRetryTimeout, deferUnconfirmedInteractions);
    }

    public IngestorConfig withStartRetryTimeout(Duration timeout) {
        return new IngestorConfig(apiBaseUrl, botToken, amqpUrl, redisUrl, topology, redisKeyPrefix, intents, shards,
                totalShards, messageEvents, eventTypes, opsPort, maxBufferedPerShard, checkpointInterval,
                silentShardThreshold, identifyBudgetReserve, compression, shutdownTimeout, timeout, deferUnconfirmedInteractions);
    }

    /** Whether this dispatch type passes the allow-list (the routing table still decides the route). */
    public boolean forwards(String dispatchType) {
        return eventTypes.isEmpty() || eventTypes.contains(dispatchType);
    }

    /** Leaves the token out, and the passwords in the URLs. */
    @Override
    public String toString() {
        return "IngestorConfig[apiBaseUrl=" + apiBaseUrl + ", amqpUrl=" + Redaction.redact(amqpUrl) + ", redisUrl=" + Redaction.redact(redisUrl)
                + ", topology=" + topology.eventsExchange() + ", shards=" + (shards == null ? "all" : shards)
                + ", totalShards=" + (totalShards == 0 ? "auto" : totalShards) + ", intents=" + intents
                + ", messageEvents=" + messageEvents + ", eventTypes=" + (eventTypes.isEmpty() ? "all" : eventTypes)
                + ", opsPort=" + opsPort + ", maxBufferedPerShard=" + maxBufferedPerShard + "]";
    }

    private static void requirePositive(Duration value, String option) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(option + " must be a positive duration, was " + value);
        }
    }
}
