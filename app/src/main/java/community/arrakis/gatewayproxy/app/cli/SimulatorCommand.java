package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.gateway.GatewayServer;
import community.arrakis.gatewayproxy.simulator.load.LoadChart;
import community.arrakis.gatewayproxy.simulator.load.LoadDriver;
import community.arrakis.gatewayproxy.simulator.load.LoadEventType;
import community.arrakis.gatewayproxy.simulator.load.LoadMix;
import community.arrakis.gatewayproxy.simulator.load.LoadProfile;
import community.arrakis.gatewayproxy.simulator.load.LoadReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/** {@code simulator}: a local Discord for bots under development, tests and load. */
@Command(name = "simulator", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Run a local Discord: REST API, Gateway and a control API.",
        description = {"Serves Discord's REST API under /api/v10 and a Gateway WebSocket, with a small world of "
                + "guilds, channels, roles and members. Point any Discord library at "
                + "http://127.0.0.1:<port>/api/v10; it finds the gateway through GET /gateway/bot.",
                "The control API is described in docs/simulator.md. Stops on Ctrl-C / SIGTERM.",
                "With --load it also drives load: once a bot session is READY on every shard it runs the "
                + "profile, prints the report and writes it as JSON (--load-output)."})
public final class SimulatorCommand implements Callable<Integer> {

    /** What {@code --rate-limits off} advertises per bucket and second. */
    static final int RELAXED_ROUTE_LIMIT = 1_000_000;

    @Option(names = "--host", defaultValue = "${env:SIMULATOR_HOST:-" + SimulatorConfig.DEFAULT_HOST + "}",
            description = "Address to bind, also the host of the gateway URLs it hands out; a name other machines "
                    + "resolve to this one (e.g. a Compose service name) serves them (env: SIMULATOR_HOST; "
                    + "default ${DEFAULT-VALUE}).")
    String host;

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

    @Option(names = "--rate-limits", defaultValue = "${env:SIMULATOR_RATE_LIMITS:-default}",
            description = "REST rate limits: 'default' (Discord's usual: 5 per 5 s per bucket, so 5 role PUTs per 5 s "
                    + "per guild, 50/s global) or 'off' (no 429s, and headers advertising 1,000,000 per bucket per second; "
                    + "what load runs want) (env: SIMULATOR_RATE_LIMITS; "
                    + "default ${DEFAULT-VALUE}).")
    String rateLimits;

    @Option(names = "--load", defaultValue = "${env:SIMULATOR_LOAD}",
            description = "Run a load profile once a bot is connected: 'standard' (ramp to 100/s over 1 min, 1,000/s "
                    + "for 5 min, 5,000/s for 1 min, 1,000/s for 5 min, ramp down over 1 min) or "
                    + "'constant:<rate>:<seconds>' (env: SIMULATOR_LOAD; default none).")
    String load;

    @Option(names = "--load-scale", defaultValue = "${env:SIMULATOR_LOAD_SCALE:-1}",
            description = "Multiplies every stage duration, e.g. 0.05 runs the standard profile in 39.5 s "
                    + "(env: SIMULATOR_LOAD_SCALE; default ${DEFAULT-VALUE}).")
    double loadScale;

    @Option(names = "--load-mix", defaultValue = "${env:SIMULATOR_LOAD_MIX:-builtin}",
            description = "Event types and weights: ping, button, autocomplete, join, update, e.g. ping=90,join=10; "
                    + "'builtin' (ping=90,join=10: what the stock worker answers with --join-role) or 'standard' "
                    + "(ping=70,button=10,autocomplete=10,join=10) (env: SIMULATOR_LOAD_MIX; default ${DEFAULT-VALUE}).")
    String loadMix;

    @Option(names = "--load-joins-answered", negatable = true, fallbackValue = "true",
            defaultValue = "${env:SIMULATOR_LOAD_JOINS_ANSWERED:-true}",
            description = "Whether the bot answers member joins with a role PUT; with --no-load-joins-answered joins "
                    + "are counted as sent only, never lost (env: SIMULATOR_LOAD_JOINS_ANSWERED; default ${DEFAULT-VALUE}).")
    boolean loadJoinsAnswered;

    @Option(names = "--load-join-guild", defaultValue = "${env:SIMULATOR_LOAD_JOIN_GUILD}",
            description = "Guild that load joins go to; give the bot's join role from this guild "
                    + "(env: SIMULATOR_LOAD_JOIN_GUILD; default the first guild of GET /_sim/world).")
    String loadJoinGuild;

    @Option(names = "--load-grace", defaultValue = "${env:SIMULATOR_LOAD_GRACE:-PT5S}",
            description = "How long after the last event answers still count, ISO-8601 (env: SIMULATOR_LOAD_GRACE; "
                    + "default ${DEFAULT-VALUE}).")
    Duration loadGrace;

    @Option(names = "--load-ready-timeout", defaultValue = "${env:SIMULATOR_LOAD_READY_TIMEOUT:-PT5M}",
            description = "How long to wait for a bot session on every shard before giving up, ISO-8601 "
                    + "(env: SIMULATOR_LOAD_READY_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration loadReadyTimeout;

    @Option(names = "--load-output", defaultValue = "${env:SIMULATOR_LOAD_OUTPUT}",
            description = "File to write the load report to as JSON, e.g. bench-results/load.json, with its chart beside it (load.html) "
                    + "(env: SIMULATOR_LOAD_OUTPUT; default none).")
    Path loadOutput;

    @Option(names = "--exit-after-load", defaultValue = "${env:SIMULATOR_EXIT_AFTER_LOAD:-false}",
            description = "Stop after the load run: exit 0 when nothing was lost and nothing errored, 1 otherwise "
                    + "(env: SIMULATOR_EXIT_AFTER_LOAD; default ${DEFAULT-VALUE}).")
    boolean exitAfterLoad;

    @Override
    public Integer call() throws Exception {
        // Parsed before anything starts, so a mistyped option fails at once with its accepted forms.
        LoadProfile profile = load == null || load.isBlank() ? null : LoadProfile.parse(load).scaled(loadScale);
        LoadMix mix = LoadMix.parse(loadMix).withMemberJoinAnswered(loadJoinsAnswered);
        if (loadGrace.isNegative()) {
            throw new IllegalArgumentException("--load-grace must not be negative, was " + loadGrace);
        }
        RateLimitConfig limits = switch (rateLimits == null ? "" : rateLimits.trim()) {
            case "default" -> RateLimitConfig.defaults();
            // Off means no 429s and headers that do not hold back a client that paces itself by them:
            // disabled limits still advertise the route limit (5 per 5 s), and a faithful client such as
            // the worker's would then send one role PUT per second per guild whatever the simulator allows.
            case "off" -> RateLimitConfig.disabled().withRouteLimit(RELAXED_ROUTE_LIMIT, Duration.ofSeconds(1));
            default -> throw new IllegalArgumentException("--rate-limits must be 'default' or 'off', was '"
                    + rateLimits + "'");
        };
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--host must name an address or a host name to bind, e.g. 127.0.0.1");
        }
        if (profile == null && exitAfterLoad) {
            throw new IllegalArgumentException("--exit-after-load needs --load");
        }
        SimulatorConfig config = SimulatorConfig.defaults()
                .withHost(host.trim())
                .withPort(port)
                .withBotToken(token)
                .withHeartbeatInterval(heartbeatInterval)
                .withRecommendedShards(shards)
                .withRateLimits(limits)
                // A long load run would otherwise keep every dispatch it sent.
                .withRecordDispatches(profile == null);
        DiscordSimulator simulator = DiscordSimulator.start(config);
        UntilShutdown untilShutdown = new UntilShutdown("simulator", simulator);
        System.out.println("Discord simulator ready: REST " + simulator.apiBaseUrl()
                + "  gateway " + simulator.gatewayUrl() + "  (Ctrl-C to stop)");
        if (profile != null) {
            LoadReport report = runLoad(simulator, profile, mix);
            if (exitAfterLoad) {
                return report != null && report.passed() ? 0 : 1;
            }
        }
        untilShutdown.await();
        return 0;
    }

    /** Waits for the bot, runs the profile, prints and writes the report; null when no bot came. */
    private LoadReport runLoad(DiscordSimulator simulator, LoadProfile profile, LoadMix mix) {
        LoadDriver driver = new LoadDriver(simulator).withMix(mix).withJoinGuild(loadJoinGuild);
        System.out.println("load: waiting for a bot session on every shard; profile " + profile + ", mix " + mix
                + (mix.weight(LoadEventType.JOIN) > 0
                ? ", joins to guild " + driver.joinGuildId() : ""));
        if (!awaitReadyOnEveryShard(simulator, loadReadyTimeout)) {
            System.out.println("load: no bot session on every shard within " + loadReadyTimeout + "; load not run");
            return null;
        }
        System.out.println("load: bot connected; running for " + profile.totalDuration().toMillis() / 1000.0 + " s");
        LoadReport report = driver.run(profile, loadGrace).withContext("rate limits", rateLimits.trim());
        System.out.println(report.toTable());
        if (loadOutput != null) {
            report.writeJson(loadOutput);
            System.out.println("load: report written to " + loadOutput);
            Path chart = LoadChart.besideJson(loadOutput);
            LoadChart.write(report.toJson(), "Load run: " + profile, java.util.List.of(), chart);
            System.out.println("load: chart written to " + chart);
        }
        return report;
    }

    /**
     * READY on every shard: a connected session for each shard id of the bot's shard count (the
     * sessions say which count the bot chose; it may differ from the recommendation).
     */
    private static boolean awaitReadyOnEveryShard(DiscordSimulator simulator, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var sessions = simulator.sessions().stream().filter(GatewayServer.SessionView::connected).toList();
            if (!sessions.isEmpty()) {
                int shardCount = sessions.get(0).shardCount();
                Set<Integer> shards = sessions.stream().filter(s -> s.shardCount() == shardCount)
                        .map(GatewayServer.SessionView::shardId).collect(Collectors.toSet());
                if (shards.size() == shardCount) {
                    return true;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return false;
    }
}
