package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.app.ops.OpsEndpoints;
import community.arrakis.gatewayproxy.app.ops.ProblemLogAppender;
import community.arrakis.gatewayproxy.app.ops.ProcessMode;
import community.arrakis.gatewayproxy.worker.migration.MigrationHooks;
import community.arrakis.gatewayproxy.worker.migration.MigrationStore;
import community.arrakis.gatewayproxy.worker.migration.Side;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import community.arrakis.gatewayproxy.ops.ProcessMetrics;
import community.arrakis.gatewayproxy.ops.ProcessRole;
import community.arrakis.gatewayproxy.ops.status.SecretRedactor;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.WorkerConfig;
import community.arrakis.gatewayproxy.worker.examples.BuiltInHandlers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker}: consume envelopes and run the bot's handlers. */
@Command(name = "worker", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Consume the queues, run the handlers, answer through Discord.",
        description = {"Consumes the interactions and guild-event queues, runs the handlers and answers through "
                + "Discord's REST API. Stateless: run as many as you need.",
                "Stops gracefully on SIGTERM (finishes running handlers, requeues the rest)."})
public final class WorkerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

    @Mixin
    DiscordOptions discord;

    @Mixin
    HandlerOptions handlers;

    @Mixin
    BrokerOptions broker;

    @Mixin
    RedisOptions redis;

    @Mixin
    OpsOptions ops;

    @Option(names = "--prefetch", defaultValue = "${env:ARRAKIS_PREFETCH:-" + WorkerConfig.DEFAULT_PREFETCH + "}",
            description = "Unacknowledged messages per queue (env: ARRAKIS_PREFETCH; default ${DEFAULT-VALUE}).")
    int prefetch;

    @Mixin
    MigrationOptions migration;

    @Option(names = "--shadow", defaultValue = "${env:ARRAKIS_SHADOW:-false}",
            description = "Shadow run beside a live bot: run every event, record every Discord write instead of "
                    + "sending it, for `shadow-report` (env: ARRAKIS_SHADOW; default ${DEFAULT-VALUE}).")
    boolean shadow;

    /** Set by {@code bot}, which chose this mode; null when run as {@code worker}. */
    ProcessMode mode;

    @Option(names = "--worker-id", defaultValue = "${env:ARRAKIS_WORKER_ID}",
            description = "Unique name of this worker, in dead-letter headers and logs (env: ARRAKIS_WORKER_ID; default host-pid).")
    String workerId;

    @Override
    public Integer call() throws Exception {
        WorkerConfig config = WorkerConfig.builder()
                .amqpUrl(broker.url)
                .topology(broker.topology())
                .queueType(broker.queueType())
                .redisUrl(redis.url)
                .redisKeyPrefix(redis.prefix)
                .apiBaseUrl(discord.apiUrl)
                .botToken(discord.bareToken())
                .joinRoleId(handlers.joinRoleId())
                .prefetch(prefetch)
                .concurrency(handlers.concurrency)
                .workerId(workerId == null || workerId.isBlank() ? WorkerConfig.defaultWorkerId() : workerId)
                .build();
        if (config.botToken() != null) {
            BotTokenCheck.requireAccepted(config.apiBaseUrl(), config.botToken());
        }
        SecretRedactor redactor = OpsEndpoints.redactor(config.botToken(), broker.url, redis.url);
        // before the worker starts, so the page shows its start-up warnings too
        ProblemLogAppender problems = ProblemLogAppender.attach(redactor);
        PrometheusMeterRegistry registry = ProcessMetrics.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                ProcessRole.WORKER);
        MigrationStore store = migration.connect(redis.url, shadow);
        if (shadow && migration.canary) {
            throw new IllegalArgumentException("--shadow and --canary exclude each other: a shadow worker owns no events");
        }
        MigrationHooks hooks = migration.hooks(shadow ? Side.SHADOW : Side.PROXY, store);
        ProcessMode shown = mode != null ? mode : shadow
                ? new ProcessMode("shadow", "shadow (--shadow): every event run, every Discord write recorded and not sent", null)
                : new ProcessMode("proxy", "proxy (worker command): consuming what an ingestor publishes", null);
        if (store != null) {
            ProcessMode base = shown;
            shown = new ProcessMode(base.mode(), base.detail(),
                    () -> hooks.describe() + "; " + StandaloneCommand.canaryText(store));
            LOG.info("migration: {} (shared keys under {})", hooks.describe(), store.prefix());
        }
        LOG.info("mode: {}", shown.detail());
        Worker worker = Worker.start(config, BuiltInHandlers.create(config.joinRoleId()), registry, hooks);
        AutoCloseable opsEndpoints = problems;
        String where = "";
        if (!ops.off()) {
            OpsEndpoints endpoints = OpsEndpoints.forWorker(ops.port, worker, registry, problems, redactor, shown);
            opsEndpoints = endpoints;
            where = endpoints.describe();
        }
        UntilShutdown untilShutdown = store == null ? new UntilShutdown("worker", worker, opsEndpoints)
                : new UntilShutdown("worker", worker, opsEndpoints, store);
        System.out.println("worker " + config.workerId() + " consuming " + broker.topology().interactionsQueue()
                + (broker.queueType() == community.arrakis.gatewayproxy.broker.QueueType.QUORUM ? " (+ .low)" : "")
                + " and " + broker.topology().guildPartitions() + " guild partitions " + broker.topology().guildPartitionQueue(0)
                + " .. " + broker.topology().guildPartitionQueue(broker.topology().guildPartitions() - 1) + where);
        untilShutdown.await();
        return 0;
    }

}
