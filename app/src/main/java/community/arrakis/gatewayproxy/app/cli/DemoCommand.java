package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.app.demo.DemoRun;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code demo}: the simulator and the bot in one JVM, a scripted run, a report. */
@Command(name = "demo", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Play a scripted run against a simulated Discord and report it.",
        description = {"Starts a simulated Discord and the bot in this JVM, plays slash commands and member joins, "
                + "prints what happened to each and a latency summary, then exits (0 when every event was handled).",
                "Runs the full proxy path when RabbitMQ and Redis answer, standalone mode otherwise, and says which."})
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    BrokerOptions broker;

    @Mixin
    RedisOptions redis;

    @Option(names = "--mode", defaultValue = "${env:ARRAKIS_DEMO_MODE:-AUTO}",
            description = "AUTO, PROXY or STANDALONE (env: ARRAKIS_DEMO_MODE; default ${DEFAULT-VALUE}).")
    DemoRun.Mode mode;

    @Option(names = "--commands", defaultValue = "25", description = "/ping commands to play (default ${DEFAULT-VALUE}).")
    int commands;

    @Option(names = "--joins", defaultValue = "5",
            description = "Member joins to play; they share one guild's role route, which Discord (and the simulator) limit to 5 per 5 s (default ${DEFAULT-VALUE}).")
    int joins;

    @Option(names = "--timeout", defaultValue = "PT20S",
            description = "How long to wait for the bot to be ready, and then for the answers, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (System.getenv("ARRAKIS_LOG_LEVEL") == null) {
            // The demo's report is the output; the components' INFO lines would bury it.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        return new DemoRun(new DemoRun.Settings(commands, joins, broker.url, redis.url, mode, timeout), System.out).run();
    }
}
