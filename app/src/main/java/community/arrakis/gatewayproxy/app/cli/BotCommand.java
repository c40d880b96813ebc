package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.app.ops.ProcessMode;
import community.arrakis.gatewayproxy.worker.WorkerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bot}: one deployment that runs standalone or as a worker, by one setting
 * ({@link GatewayProxySwitch}); same handlers, same configuration otherwise. The way a live bot is
 * switched to the proxy and back (docs/migration.md).
 */
@Command(name = "bot", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Run standalone or as a worker, by ARRAKIS_USE_GATEWAY_PROXY.",
        description = {"ARRAKIS_USE_GATEWAY_PROXY=false (the default; USE_GATEWAY_PROXY is accepted too): standalone, "
                + "with its own gateway sessions and the handlers in this process. true: a worker, with no gateway "
                + "connection, consuming what an ingestor publishes. Same handlers, same options otherwise; "
                + "the mode is logged at start and shown by /health/ready and the status page."})
public final class BotCommand implements Callable<Integer> {

    @Mixin
    DiscordOptions discord;

    @Mixin
    HandlerOptions handlers;

    @Mixin
    GatewayOptions gateway;

    @Mixin
    BrokerOptions broker;

    @Mixin
    RedisOptions redis;

    @Mixin
    OpsOptions ops;

    @Mixin
    MigrationOptions migration;

    @Option(names = "--use-gateway-proxy", arity = "1",
            description = "true: run as a worker; false: standalone (env: ARRAKIS_USE_GATEWAY_PROXY, or USE_GATEWAY_PROXY; "
                    + "default false).")
    String useGatewayProxy;

    @Option(names = "--prefetch", defaultValue = "${env:ARRAKIS_PREFETCH:-" + WorkerConfig.DEFAULT_PREFETCH + "}",
            description = "Proxy mode: unacknowledged messages per queue (env: ARRAKIS_PREFETCH; default ${DEFAULT-VALUE}).")
    int prefetch;

    @Option(names = "--worker-id", defaultValue = "${env:ARRAKIS_WORKER_ID}",
            description = "Proxy mode: unique name of this worker (env: ARRAKIS_WORKER_ID; default host-pid).")
    String workerId;

    @Override
    public Integer call() throws Exception {
        GatewayProxySwitch.Choice choice = GatewayProxySwitch.resolve(useGatewayProxy, System.getenv());
        ProcessMode mode = new ProcessMode(choice.mode(), choice.describe(), null);
        if (choice.useGatewayProxy()) {
            WorkerCommand worker = new WorkerCommand();
            worker.discord = discord;
            worker.handlers = handlers;
            worker.broker = broker;
            worker.redis = redis;
            worker.ops = ops;
            worker.migration = migration;
            worker.prefetch = prefetch;
            worker.workerId = workerId;
            worker.mode = mode;
            return worker.call();
        }
        StandaloneCommand standalone = new StandaloneCommand();
        standalone.discord = discord;
        standalone.handlers = handlers;
        standalone.gateway = gateway;
        standalone.ops = ops;
        standalone.redis = redis;
        standalone.migration = migration;
        standalone.messageEvents = broker.messageEvents;
        standalone.mode = mode;
        return standalone.call();
    }
}
