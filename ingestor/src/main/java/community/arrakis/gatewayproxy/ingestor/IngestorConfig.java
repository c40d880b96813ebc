package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.common.Redaction;
import community.arrakis.gatewayproxy.discord.gateway.ShardOptions;
import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import community.arrakis.gatewayproxy.broker.QueueType;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything an ingestor process is configured with. Immutable; built with {@link #builder()}, where
 * every option starts at its named default, and checked here, so a bad value fails at start with a
 * message naming the option.
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
 * @param queueType             the type the queues are declared with (ARRAKIS_QUEUE_TYPE)
 * @param eventTypes            allow-list of Discord dispatch types to forward; empty = every type the
 *                              routing table knows
 * @param opsPort               the port {@code app} opens this process's ops endpoints on (status page,
 *                              health, metrics); 0 = any free port
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
        QueueType queueType,
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
        if (redisUrl == null || !(redisUrl.startsWith("redis://") || redisUrl.startsWith("rediss://") || redisUrl.startsWith("redis-sentinel://"))) {
            throw new IllegalArgumentException("--redis-url (REDIS_URL) must be a redis://, rediss:// or redis-sentinel:// URL");
        }
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(queueType, "queueType");
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

    /** Every option at its default; set at least the bot token. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to derive another from it. */
    public Builder toBuilder() {
        return new Builder()
                .apiBaseUrl(apiBaseUrl).botToken(botToken).amqpUrl(amqpUrl).redisUrl(redisUrl).topology(topology)
                .redisKeyPrefix(redisKeyPrefix).intents(intents).shards(shards).totalShards(totalShards)
                .messageEvents(messageEvents).queueType(queueType).eventTypes(eventTypes).opsPort(opsPort)
                .maxBufferedPerShard(maxBufferedPerShard).checkpointInterval(checkpointInterval)
                .silentShardThreshold(silentShardThreshold).identifyBudgetReserve(identifyBudgetReserve)
                .compression(compression).shutdownTimeout(shutdownTimeout).startRetryTimeout(startRetryTimeout)
                .deferUnconfirmedInteractions(deferUnconfirmedInteractions);
    }

    /**
     * Collects the options, each starting at its named default; {@link #build()} validates them
     * all at once (in the record's constructor). Each setter is named after the record component
     * it sets, documented there.
     */
    public static final class Builder {
        private URI apiBaseUrl = DEFAULT_API_BASE_URL;
        private String botToken;
        private String amqpUrl = DEFAULT_AMQP_URL;
        private String redisUrl = DEFAULT_REDIS_URL;
        private Topology topology = Topology.defaults();
        private String redisKeyPrefix = DEFAULT_REDIS_KEY_PREFIX;
        private int intents = ShardOptions.DEFAULT_INTENTS;
        private ShardRange shards;
        private int totalShards;
        private boolean messageEvents;
        private QueueType queueType = QueueType.CLASSIC;
        private Set<String> eventTypes = Set.of();
        private int opsPort = DEFAULT_OPS_PORT;
        private int maxBufferedPerShard = DEFAULT_MAX_BUFFERED_PER_SHARD;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private Duration silentShardThreshold = DEFAULT_SILENT_SHARD_THRESHOLD;
        private int identifyBudgetReserve = DEFAULT_IDENTIFY_BUDGET_RESERVE;
        private TransportCompression compression = TransportCompression.ZLIB_STREAM;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private Duration startRetryTimeout = DEFAULT_START_RETRY_TIMEOUT;
        private boolean deferUnconfirmedInteractions;

        private Builder() {
        }

        public Builder apiBaseUrl(URI value) {
            apiBaseUrl = value;
            return this;
        }

        public Builder botToken(String value) {
            botToken = value;
            return this;
        }

        public Builder amqpUrl(String value) {
            amqpUrl = value;
            return this;
        }

        public Builder redisUrl(String value) {
            redisUrl = value;
            return this;
        }

        public Builder topology(Topology value) {
            topology = value;
            return this;
        }

        public Builder redisKeyPrefix(String value) {
            redisKeyPrefix = value;
            return this;
        }

        public Builder intents(int value) {
            intents = value;
            return this;
        }

        /** null = every shard of the bot. */
        public Builder shards(ShardRange value) {
            shards = value;
            return this;
        }

        /** 0 = Discord's recommendation. */
        public Builder totalShards(int value) {
            totalShards = value;
            return this;
        }

        public Builder queueType(QueueType value) {
            queueType = value;
            return this;
        }

        public Builder messageEvents(boolean value) {
            messageEvents = value;
            return this;
        }

        /** Empty = every type the routing table knows. */
        public Builder eventTypes(Set<String> value) {
            eventTypes = value;
            return this;
        }

        public Builder opsPort(int value) {
            opsPort = value;
            return this;
        }

        public Builder maxBufferedPerShard(int value) {
            maxBufferedPerShard = value;
            return this;
        }

        public Builder checkpointInterval(Duration value) {
            checkpointInterval = value;
            return this;
        }

        public Builder silentShardThreshold(Duration value) {
            silentShardThreshold = value;
            return this;
        }

        public Builder identifyBudgetReserve(int value) {
            identifyBudgetReserve = value;
            return this;
        }

        public Builder compression(TransportCompression value) {
            compression = value;
            return this;
        }

        public Builder shutdownTimeout(Duration value) {
            shutdownTimeout = value;
            return this;
        }

        public Builder startRetryTimeout(Duration value) {
            startRetryTimeout = value;
            return this;
        }

        public Builder deferUnconfirmedInteractions(boolean value) {
            deferUnconfirmedInteractions = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first option that is missing or out of range */
        public IngestorConfig build() {
            return new IngestorConfig(apiBaseUrl, botToken, amqpUrl, redisUrl, topology, redisKeyPrefix, intents,
                    shards, totalShards, messageEvents, queueType, eventTypes, opsPort, maxBufferedPerShard, checkpointInterval,
                    silentShardThreshold, identifyBudgetReserve, compression, shutdownTimeout, startRetryTimeout,
                    deferUnconfirmedInteractions);
        }
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
