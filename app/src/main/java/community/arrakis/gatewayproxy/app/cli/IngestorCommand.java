package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.app.ops.OpsEndpoints;
import community.arrakis.gatewayproxy.app.ops.ProblemLogAppender;
import community.arrakis.gatewayproxy.ingestor.Ingestor;
import community.arrakis.gatewayproxy.ingestor.IngestorConfig;
import community.arrakis.gatewayproxy.ingestor.ShardRange;
import community.arrakis.gatewayproxy.ops.status.SecretRedactor;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ingestor}: hold the gateway sessions and publish every event. */
@Command(name = "ingestor", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Hold the gateway sessions and publish every event to RabbitMQ.",
        description = {"Holds the gateway sessions of a range of shards and publishes every forwarded event to "
                + "RabbitMQ with publisher confirms. Session checkpoints live in Redis, so a restarted ingestor "
                + "resumes and Discord replays what was not yet confirmed.",
                "Stops gracefully on SIGTERM (stops reading, flushes, checkpoints, keeps the sessions resumable)."})
public final class IngestorCommand implements Callable<Integer> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IngestorCommand.class);

    @Mixin
    DiscordOptions discord;

    @Mixin
    BrokerOptions broker;

    @Mixin
    RedisOptions redis;

    @Mixin
    GatewayOptions gateway;

    @Option(names = "--ops-port", defaultValue = "${env:ARRAKIS_OPS_PORT:-" + IngestorConfig.DEFAULT_OPS_PORT + "}",
            description = "Port of the status page (/), /status.json, /health/live, /health/ready and /metrics; "
                    + "0 picks a free port (env: ARRAKIS_OPS_PORT; default ${DEFAULT-VALUE}).")
    int opsPort;

    @Option(names = "--shards", defaultValue = "${env:ARRAKIS_SHARDS}",
            description = "Shards this process runs, e.g. 0-15 or 3; all of them when unset (env: ARRAKIS_SHARDS).")
    String shards;

    @Option(names = "--total-shards", defaultValue = "${env:ARRAKIS_TOTAL_SHARDS:-0}",
            description = "The bot's shard count; 0 takes Discord's recommendation from GET /gateway/bot (env: ARRAKIS_TOTAL_SHARDS; default ${DEFAULT-VALUE}).")
    int totalShards;

    @Option(names = "--event-types", split = ",", defaultValue = "${env:ARRAKIS_EVENT_TYPES}",
            description = "Allow-list of Discord dispatch types to forward, comma-separated; every routed type when unset (env: ARRAKIS_EVENT_TYPES).")
    String[] eventTypes;

    @Option(names = "--max-buffered-per-shard", defaultValue = "${env:ARRAKIS_MAX_BUFFERED_PER_SHARD:-" + IngestorConfig.DEFAULT_MAX_BUFFERED_PER_SHARD + "}",
            description = "Unconfirmed events a shard may hold while the broker is slow or down before it pauses (resumably) "
                    + "(env: ARRAKIS_MAX_BUFFERED_PER_SHARD; default ${DEFAULT-VALUE}).")
    int maxBuffered;

    @Option(names = "--silent-shard-threshold", defaultValue = "${env:ARRAKIS_SILENT_SHARD_THRESHOLD:-PT10M}",
            description = "A READY shard without any event for this long is flagged silent, ISO-8601 (env: ARRAKIS_SILENT_SHARD_THRESHOLD; default ${DEFAULT-VALUE}).")
    Duration silentThreshold;

    @Option(names = "--checkpoint-interval", defaultValue = "${env:ARRAKIS_CHECKPOINT_INTERVAL:-PT0.25S}",
            description = "How often each shard's last confirmed sequence is written to Redis, ISO-8601 "
                    + "(env: ARRAKIS_CHECKPOINT_INTERVAL; default ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--identify-budget-reserve", defaultValue = "${env:ARRAKIS_IDENTIFY_BUDGET_RESERVE:-" + IngestorConfig.DEFAULT_IDENTIFY_BUDGET_RESERVE + "}",
            description = "Daily identifies kept in reserve: below it no new session is started, so a reconnect loop "
                    + "cannot exhaust the budget and get the token reset (env: ARRAKIS_IDENTIFY_BUDGET_RESERVE; default ${DEFAULT-VALUE}).")
    int identifyBudgetReserve;

    @Option(names = "--start-retry-timeout", defaultValue = "${env:ARRAKIS_START_RETRY_TIMEOUT:-PT60S}",
            description = "How long start-up keeps retrying RabbitMQ and Redis before giving up; PT0S = no retry "
                    + "(env: ARRAKIS_START_RETRY_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration startRetryTimeout;

    @Option(names = "--defer-unconfirmed-interactions", defaultValue = "${env:ARRAKIS_DEFER_UNCONFIRMED_INTERACTIONS:-false}",
            arity = "0..1", fallbackValue = "true",
            description = "When the broker has not confirmed an interaction 1.5 s after its creation (it is down or "
                    + "blocked), answer Discord with a deferred response from the ingestor, so a worker can finish it "
                    + "when the broker is back, instead of the interaction failing for its user "
                    + "(env: ARRAKIS_DEFER_UNCONFIRMED_INTERACTIONS; default ${DEFAULT-VALUE}).")
    boolean deferUnconfirmedInteractions;

    @Option(names = "--shutdown-timeout", defaultValue = "${env:ARRAKIS_SHUTDOWN_TIMEOUT:-PT10S}",
            description = "On SIGTERM, how long to wait for outstanding broker confirms (env: ARRAKIS_SHUTDOWN_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration shutdownTimeout;

    @Option(names = "--shadow", defaultValue = "${env:ARRAKIS_SHADOW:-false}",
            description = "Shadow ingestor beside a live bot (docs/migration.md): its own gateway sessions, no answer of "
                    + "its own to Discord (--defer-unconfirmed-interactions is refused), and no new session while the "
                    + "bot's daily identify budget is at or below --shadow-identify-floor (env: ARRAKIS_SHADOW; default ${DEFAULT-VALUE}).")
    boolean shadow;

    @Option(names = "--shadow-identify-floor", defaultValue = "${env:ARRAKIS_SHADOW_IDENTIFY_FLOOR:-" + SHADOW_IDENTIFY_FLOOR + "}",
            description = "With --shadow: identifies of the bot's daily budget (shared with the live bot) the shadow "
                    + "leaves alone; it starts no session at or below it (env: ARRAKIS_SHADOW_IDENTIFY_FLOOR; default ${DEFAULT-VALUE}).")
    int shadowIdentifyFloor;

    /** Half of Discord's usual 1,000 a day: the live bot keeps enough to reconnect every shard many times over. */
    static final int SHADOW_IDENTIFY_FLOOR = 500;

    @Override
    public Integer call() throws Exception {
        if (shadow && deferUnconfirmedInteractions) {
            throw new IllegalArgumentException("--shadow and --defer-unconfirmed-interactions exclude each other: "
                    + "a shadow ingestor must never answer an interaction (the live bot does)");
        }
        int reserve = shadow ? Math.max(identifyBudgetReserve, shadowIdentifyFloor) : identifyBudgetReserve;
        if (shadow) {
            log.info("mode: shadow ingestor: own gateway sessions beside the live bot; no new session while the "
                    + "daily identify budget is at or below {}", reserve);
        }
        IngestorConfig config = IngestorConfig.builder()
                .botToken(discord.requireToken("the ingestor"))
                .apiBaseUrl(discord.apiUrl)
                .amqpUrl(broker.url)
                .topology(broker.topology())
                .redisUrl(redis.url)
                .redisKeyPrefix(redis.prefix)
                .intents(gateway.intents)
                .compression(gateway.compression)
                .shards(shards == null || shards.isBlank() ? null : ShardRange.parse(shards.trim()))
                .totalShards(totalShards)
                .messageEvents(broker.messageEvents)
                .queueType(broker.queueType())
                .eventTypes(eventTypes())
                .opsPort(opsPort)
                .maxBufferedPerShard(maxBuffered)
                .checkpointInterval(checkpointInterval)
                .silentShardThreshold(silentThreshold)
                .identifyBudgetReserve(reserve)
                .startRetryTimeout(startRetryTimeout)
                .shutdownTimeout(shutdownTimeout)
                .deferUnconfirmedInteractions(deferUnconfirmedInteractions)
                .build();
        SecretRedactor redactor = OpsEndpoints.redactor(config.botToken(), config.amqpUrl(), config.redisUrl());
        // before the ingestor starts, so the page shows its start-up warnings too
        ProblemLogAppender problems = ProblemLogAppender.attach(redactor);
        Ingestor ingestor = new Ingestor(config);
        AtomicReference<AutoCloseable> ops = new AtomicReference<>(problems);
        // the ops endpoints stop last, as before: readiness answers while the shards close
        UntilShutdown untilShutdown = new UntilShutdown("ingestor", ingestor, () -> ops.get().close());
        ingestor.start();
        OpsEndpoints endpoints = OpsEndpoints.forIngestor(config.opsPort(), ingestor, problems, redactor);
        ops.set(endpoints);
        System.out.println("ingestor running shards " + ingestor.shards() + " of " + ingestor.shardCount()
                + endpoints.describe());
        untilShutdown.await();
        return 0;
    }

    private Set<String> eventTypes() {
        if (eventTypes == null) {
            return Set.of();
        }
        Set<String> types = new LinkedHashSet<>();
        Arrays.stream(eventTypes).map(String::trim).filter(t -> !t.isEmpty()).forEach(types::add);
        return types;
    }
}
