package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.app.ops.OpsEndpoints;
import community.arrakis.gatewayproxy.app.ops.ProblemLogAppender;
import community.arrakis.gatewayproxy.app.ops.ProcessMode;
import community.arrakis.gatewayproxy.app.standalone.StandaloneBot;
import community.arrakis.gatewayproxy.ops.ProcessMetrics;
import community.arrakis.gatewayproxy.ops.ProcessRole;
import community.arrakis.gatewayproxy.ops.status.SecretRedactor;
import community.arrakis.gatewayproxy.worker.examples.BuiltInHandlers;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.migration.MigrationHooks;
import community.arrakis.gatewayproxy.worker.migration.MigrationStore;
import community.arrakis.gatewayproxy.worker.migration.Side;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code standalone}: the whole bot in one process, no RabbitMQ; Redis only during a migration. */
@Command(name = "standalone", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Run the whole bot in one process, without RabbitMQ or Redis.",
        description = {"Runs the gateway sessions and the same handlers a worker runs, joined by an in-process "
                + "queue, with in-memory state. For small bots and first runs; move to ingestor + worker when "
                + "you need durability or more than one process (docs/migration.md: --record-writes for a shadow "
                + "run, --canary for guild canaries; both use Redis)."})
public final class StandaloneCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(StandaloneCommand.class);

    @Mixin
    DiscordOptions discord;

    @Mixin
    HandlerOptions handlers;

    @Mixin
    GatewayOptions gateway;

    @Mixin
    OpsOptions ops;

    @Mixin
    RedisOptions redis;

    @Mixin
    MigrationOptions migration;

    @Option(names = "--message-events", defaultValue = "${env:ARRAKIS_MESSAGE_EVENTS:-false}",
            description = "Handle MESSAGE_CREATE too (env: ARRAKIS_MESSAGE_EVENTS; default ${DEFAULT-VALUE}).")
    boolean messageEvents;

    /** Set by {@code bot}, which chose this mode; null when run as {@code standalone}. */
    ProcessMode mode;

    @Override
    public Integer call() throws Exception {
        String roleId = handlers.joinRoleId();
        String token = discord.requireToken("standalone mode");
        ProcessMode shown = mode != null ? mode
                : new ProcessMode("standalone", "standalone (standalone command): own gateway sessions, handlers in this process", null);
        log.info("mode: {}", shown.detail());
        List<AutoCloseable> parts = new ArrayList<>();
        MigrationStore store = migration.connect(redis.url, false);
        MigrationHooks hooks = migration.hooks(Side.STANDALONE, store);
        if (store != null) {
            log.info("migration: {} (shared keys under {})", hooks.describe(), store.prefix());
            ProcessMode base = shown;
            shown = new ProcessMode(base.mode(), base.detail(), () -> hooks.describe() + "; " + canaryText(store));
        }
        SecretRedactor redactor = OpsEndpoints.redactor(token, redis.url);
        ProblemLogAppender problems = ProblemLogAppender.attach(redactor);
        PrometheusMeterRegistry registry = ProcessMetrics.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                ProcessRole.STANDALONE);
        StandaloneBot bot = StandaloneBot.start(discord.apiUrl, token, gateway.intents, gateway.compression, messageEvents,
                BuiltInHandlers.create(roleId), handlers.concurrency, hooks, new WorkerMetrics(registry));
        parts.add(bot);
        String where = "";
        if (!ops.off()) {
            OpsEndpoints endpoints = OpsEndpoints.forStandalone(ops.port, bot, registry, problems, redactor, shown);
            parts.add(endpoints);
            where = endpoints.describe();
        } else {
            parts.add(problems);
        }
        if (store != null) {
            parts.add(store);
        }
        UntilShutdown untilShutdown = new UntilShutdown("standalone bot", parts.toArray(AutoCloseable[]::new));
        System.out.println("standalone bot running " + bot.shards().size() + " shard(s)" + where + "; Ctrl-C to stop");
        untilShutdown.await();
        return 0;
    }

    /** The canary set as the page shows it; Redis away is said, not thrown. */
    static String canaryText(MigrationStore store) {
        try {
            return "proxy serves " + store.canary();
        } catch (RuntimeException e) {
            return "canary set unreadable (" + e.getMessage() + ")";
        }
    }
}
