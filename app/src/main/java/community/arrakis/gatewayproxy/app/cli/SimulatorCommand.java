package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/** {@code simulator}: a local Discord for bots under development, tests and load. */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = {"Run the Discord simulator: Discord's REST API under /api/v10 and a Gateway WebSocket,",
                "with a small world of guilds, channels, roles and members. Point any Discord library at",
                "http://127.0.0.1:<port>/api/v10; it finds the gateway through GET /gateway/bot.",
                "The control API is described in docs/simulator.md. Stops on Ctrl-C / SIGTERM."})
public final class SimulatorCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "${env:SIMULATOR_PORT:-8090}",
            description = "HTTP and WebSocket port; 0 picks a free one (env: SIMULATOR_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--token", defaultValue = "${env:DISCORD_TOKEN:-" + SimulatorConfig.DEFAULT_BOT_TOKEN + "}",
            showDefaultValue = Visibility.NEVER,
            description = "The bot token the simulator accepts (env: DISCORD_TOKEN; default '" + SimulatorConfig.DEFAULT_BOT_TOKEN + "').")
    String token;

    @Option(names = "--heartbeat-interval", defaultValue = "${env:SIMULATOR_HEARTBEAT_INTERVAL:-PT41.25S}",
            description = "Heartbeat interval sent in HELLO, ISO-8601 (env: SIMULATOR_HEARTBEAT_INTERVAL; default ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = "--shards", defaultValue = "${env:SIMULATOR_SHARDS:-1}",
            description = "Shard count recommended by GET /gateway/bot (env: SIMULATOR_SHARDS; default ${DEFAULT-VALUE}).")
    int shards;

    @Override
    public Integer call() throws Exception {
        SimulatorConfig config = SimulatorConfig.defaults()
                .withPort(port)
                .withBotToken(token)
                .withHeartbeatInterval(heartbeatInterval)
                .withRecommendedShards(shards);
        DiscordSimulator simulator = DiscordSimulator.start(config);
        UntilShutdown untilShutdown = new UntilShutdown("simulator", simulator);
        System.out.println("Discord simulator ready: REST " + simulator.apiBaseUrl()
                + "  gateway " + simulator.gatewayUrl() + "  (Ctrl-C to stop)");
        untilShutdown.await();
        return 0;
    }
}
