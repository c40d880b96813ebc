package community.arrakis.gatewayproxy.worker;

import community.arrakis.gatewayproxy.common.Backoff;
import community.arrakis.gatewayproxy.common.Redaction;
import community.arrakis.gatewayproxy.broker.QueueType;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.worker.dispatch.DispatchOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;

/**
 * Everything a worker process needs, validated once. Built with {@link #builder()}, where every
 * option starts at its named default; every error names the option.
 *
 * @param amqpUrl          RabbitMQ, {@code amqp://user:pass@host:port/vhost} (RABBITMQ_URL)
 * @param redisUrl         Redis, {@code redis://host:port[/db]} (REDIS_URL)
 * @param topology         exchange and queue names
 * @param messageEvents    no longer changes what is declared: the guild partitions are bound {@code pNN.#}, which
 *                         takes {@code message.create} when the ingestor forwards it
 * @param queueType        the type the queues are declared with (ARRAKIS_QUEUE_TYPE); quorum adds the low interactions queue
 * @param apiBaseUrl       Discord REST base, e.g. {@code https://discord.com/api/v10}
 * @param botToken         bare bot token; null when the worker only answers interactions
 * @param joinRoleId       role the built-in join handler gives; null for none
 * @param prefetch         unacknowledged deliveries per queue
 * @param concurrency      handlers running at once
 * @param workerId         unique per running worker: ledger owner, dead-letter header
 * @param redisKeyPrefix   prefix of every Redis key
 * @param autoDeferMargin  automatic defer this long before Discord's 3 s deadline
 * @param maxAttempts      handler tries for retryable failures, the first included
 * @param backoff          wait between tries
 * @param effectOnceRetention how long finished event ids are remembered
 * @param heartbeatTtl     a worker silent this long is taken for dead and its events taken over
 * @param shutdownGrace    on close, how long running handlers get to finish
 */
public record WorkerConfig(
        String amqpUrl,
        String redisUrl,
        Topology topology,
        boolean messageEvents,
        QueueType queueType,
        URI apiBaseUrl,
        String botToken,
        String joinRoleId,
        int prefetch,
        int concurrency,
        String workerId,
        String redisKeyPrefix,
        Duration autoDeferMargin,
        int maxAttempts,
        Backoff backoff,
        Duration effectOnceRetention,
        Duration heartbeatTtl,
        Duration shutdownGrace) {

    public static final String DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672";
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
    public static final URI DEFAULT_API_BASE_URL = URI.create("https://discord.com/api/v10");
    public static final int DEFAULT_PREFETCH = 50;
    public static final int DEFAULT_CONCURRENCY = 64;
    public static final String DEFAULT_REDIS_KEY_PREFIX = "arrakis:";
    public static final Duration DEFAULT_HEARTBEAT_TTL = Duration.ofMillis(1500);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /**
     * The longest an interaction answer waits for a rate limit before failing: a first answer
     * must reach Discord within 3 s of the interaction's creation.
     */
    public static final Duration INTERACTION_MAX_RATE_LIMIT_WAIT = Duration.ofSeconds(2);

    public WorkerConfig {
        requireText(amqpUrl, "amqpUrl (RABBITMQ_URL)");
        if (!amqpUrl.startsWith("amqp://") && !amqpUrl.startsWith("amqps://")) {
            throw new IllegalArgumentException("amqpUrl (RABBITMQ_URL) must start with amqp:// or amqps://");
        }
        requireText(redisUrl, "redisUrl (REDIS_URL)");
        if (!redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://") && !redisUrl.startsWith("redis-sentinel://")) {
            throw new IllegalArgumentException("redisUrl (REDIS_URL) must start with redis://, rediss:// or redis-sentinel://");
        }
        if (queueType == null) {
            throw new IllegalArgumentException("queueType must not be null");
        }
        if (topology == null) {
            throw new IllegalArgumentException("topology must not be null");
        }
        if (apiBaseUrl == null || apiBaseUrl.getScheme() == null
                || !(apiBaseUrl.getScheme().equals("http") || apiBaseUrl.getScheme().equals("https"))) {
            throw new IllegalArgumentException("apiBaseUrl must be an http(s) URL, was " + apiBaseUrl);
        }
        if (joinRoleId != null && !joinRoleId.matches("\\d{1,20}")) {
            throw new IllegalArgumentException("joinRoleId must be a snowflake (digits), was '" + joinRoleId + "'");
        }
        if (prefetch < 1 || prefetch > 65_535) {
            throw new IllegalArgumentException("prefetch must be 1..65535, was " + prefetch);
        }
        if (concurrency < 1 || concurrency > 10_000) {
            throw new IllegalArgumentException("concurrency must be 1..10000, was " + concurrency);
        }
        requireText(workerId, "workerId");
        if (redisKeyPrefix == null) {
            throw new IllegalArgumentException("redisKeyPrefix must not be null (use \"\" for none)");
        }
        if (heartbeatTtl.compareTo(Duration.ofMillis(300)) < 0) {
            throw new IllegalArgumentException("heartbeatTtl must be >= 300 ms, was " + heartbeatTtl);
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must be >= 0, was " + shutdownGrace);
        }
        // the dispatch options validate the rest, naming each option
        dispatchOptions(workerId, autoDeferMargin, maxAttempts, backoff, effectOnceRetention);
    }

    /** Every option at its default: the local RabbitMQ and Redis, Discord's API, this process's id. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to derive another from it. */
    public Builder toBuilder() {
        return new Builder().amqpUrl(amqpUrl).redisUrl(redisUrl).topology(topology).messageEvents(messageEvents).queueType(queueType)
                .apiBaseUrl(apiBaseUrl).botToken(botToken).joinRoleId(joinRoleId).prefetch(prefetch)
                .concurrency(concurrency).workerId(workerId).redisKeyPrefix(redisKeyPrefix)
                .autoDeferMargin(autoDeferMargin).maxAttempts(maxAttempts).backoff(backoff)
                .effectOnceRetention(effectOnceRetention).heartbeatTtl(heartbeatTtl).shutdownGrace(shutdownGrace);
    }

    /** {@code <host>-<pid>}: unique per process on a machine, readable in dead-letter headers. */
    public static String defaultWorkerId() {
        return ManagementFactory.getRuntimeMXBean().getName().replace('@', '-');
    }

    public DispatchOptions dispatchOptions() {
        return dispatchOptions(workerId, autoDeferMargin, maxAttempts, backoff, effectOnceRetention);
    }

    private static DispatchOptions dispatchOptions(String owner, Duration margin, int attempts, Backoff backoff, Duration retention) {
        return new DispatchOptions(owner, margin, DispatchOptions.DEFAULT_MINIMUM_WINDOW, attempts, backoff,
                retention, DispatchOptions.DEFAULT_IN_PROGRESS_WAIT);
    }

    /**
     * Collects the options, each starting at its named default; {@link #build()} validates them
     * all at once (in the record's constructor). Each setter is named after the record component
     * it sets, documented there.
     */
    public static final class Builder {
        private String amqpUrl = DEFAULT_AMQP_URL;
        private String redisUrl = DEFAULT_REDIS_URL;
        private Topology topology = Topology.defaults();
        private boolean messageEvents;
        private QueueType queueType = QueueType.CLASSIC;
        private URI apiBaseUrl = DEFAULT_API_BASE_URL;
        private String botToken;
        private String joinRoleId;
        private int prefetch = DEFAULT_PREFETCH;
        private int concurrency = DEFAULT_CONCURRENCY;
        private String workerId = defaultWorkerId();
        private String redisKeyPrefix = DEFAULT_REDIS_KEY_PREFIX;
        private Duration autoDeferMargin = DispatchOptions.DEFAULT_AUTO_DEFER_MARGIN;
        private int maxAttempts = DispatchOptions.DEFAULT_MAX_ATTEMPTS;
        private Backoff backoff = DispatchOptions.DEFAULT_BACKOFF;
        private Duration effectOnceRetention = DispatchOptions.DEFAULT_EFFECT_ONCE_RETENTION;
        private Duration heartbeatTtl = DEFAULT_HEARTBEAT_TTL;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;

        private Builder() {
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

        public Builder queueType(QueueType value) {
            queueType = value;
            return this;
        }

        public Builder messageEvents(boolean value) {
            messageEvents = value;
            return this;
        }

        public Builder apiBaseUrl(URI value) {
            apiBaseUrl = value;
            return this;
        }

        /** null (the default) for a worker that only answers interactions. */
        public Builder botToken(String value) {
            botToken = value;
            return this;
        }

        public Builder joinRoleId(String value) {
            joinRoleId = value;
            return this;
        }

        public Builder prefetch(int value) {
            prefetch = value;
            return this;
        }

        public Builder concurrency(int value) {
            concurrency = value;
            return this;
        }

        public Builder workerId(String value) {
            workerId = value;
            return this;
        }

        public Builder redisKeyPrefix(String value) {
            redisKeyPrefix = value;
            return this;
        }

        public Builder autoDeferMargin(Duration value) {
            autoDeferMargin = value;
            return this;
        }

        public Builder maxAttempts(int value) {
            maxAttempts = value;
            return this;
        }

        public Builder backoff(Backoff value) {
            backoff = value;
            return this;
        }

        public Builder effectOnceRetention(Duration value) {
            effectOnceRetention = value;
            return this;
        }

        public Builder heartbeatTtl(Duration value) {
            heartbeatTtl = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first option that is missing or out of range */
        public WorkerConfig build() {
            return new WorkerConfig(amqpUrl, redisUrl, topology, messageEvents, queueType, apiBaseUrl, botToken, joinRoleId,
                    prefetch, concurrency, workerId, redisKeyPrefix, autoDeferMargin, maxAttempts, backoff,
                    effectOnceRetention, heartbeatTtl, shutdownGrace);
        }
    }

    /** Leaves the bot token out: it is a secret. */
    @Override
    public String toString() {
        return "WorkerConfig[amqpUrl=" + Redaction.redact(amqpUrl)
                + ", redisUrl=" + Redaction.redact(redisUrl)
                + ", topology=" + topology + ", queueType=" + queueType + ", apiBaseUrl=" + apiBaseUrl
                + ", botToken=" + (botToken == null ? "null" : "<redacted>") + ", joinRoleId=" + joinRoleId
                + ", prefetch=" + prefetch + ", concurrency=" + concurrency + ", workerId=" + workerId
                + ", redisKeyPrefix=" + redisKeyPrefix + ", autoDeferMargin=" + autoDeferMargin
                + ", maxAttempts=" + maxAttempts + ", backoff=" + backoff
                + ", effectOnceRetention=" + effectOnceRetention + ", heartbeatTtl=" + heartbeatTtl
                + ", shutdownGrace=" + shutdownGrace + "]";
    }

    private static void requireText(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " must not be blank");
        }
    }
}
