package community.arrakis.gatewayproxy.app.demo;

import community.arrakis.gatewayproxy.app.standalone.StandaloneBot;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.common.Redaction;
import community.arrakis.gatewayproxy.discord.gateway.ShardOptions;
import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import community.arrakis.gatewayproxy.envelope.Snowflakes;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.ingestor.Ingestor;
import community.arrakis.gatewayproxy.ingestor.IngestorConfig;
import community.arrakis.gatewayproxy.redis.RedisKeyPrefix;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.Role;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.WorkerConfig;
import community.arrakis.gatewayproxy.worker.examples.BuiltInHandlers;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * The demo: starts the Discord simulator and the bot in this JVM, plays a scripted mix of slash
 * commands and member joins, and prints what happened to each event and how long it took, from the
 * simulator sending the dispatch to the bot's REST call arriving back at the simulator.
 *
 * <p>Proxy mode (ingestor → RabbitMQ → worker, Redis for state) when RabbitMQ and Redis answer,
 * standalone mode otherwise; it says which and why. Everything it creates on the broker and in
 * Redis carries a random prefix and is deleted at the end.
 */
public final class DemoRun {

    /** How the demo chooses its mode. */
    public enum Mode { AUTO, PROXY, STANDALONE }

    /**
     * @param commands /ping commands to play
     * @param joins    member joins to play
     * @param timeout  how long to wait for the bot to be ready, then for all answers
     */
    public record Settings(int commands, int joins, String amqpUrl, String redisUrl, Mode mode, Duration timeout) {
        public Settings {
            if (commands < 0 || joins < 0 || commands + joins == 0) {
                throw new IllegalArgumentException("--commands and --joins must be >= 0 and not both 0");
            }
        }
    }

    private static final String CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback";
    private static final String ADD_ROLE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";

    private final Settings settings;
    private final PrintStream out;

    public DemoRun(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** @return the process exit code: 0 when every event was handled */
    public int run() throws Exception {
        String token = "demo-" + UUID.randomUUID();
        try (DiscordSimulator simulator = DiscordSimulator.start(SimulatorConfig.defaults().withPort(0).withBotToken(token))) {
            out.println("Arrakis Gateway Proxy demo");
            out.println("  Discord simulator: REST " + simulator.apiBaseUrl() + ", gateway " + simulator.gatewayUrl());
            Guild joinGuild = simulator.world().guilds().get(0);
            Role joinRole = joinGuild.roles().stream().filter(r -> !r.id().equals(joinGuild.id())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the simulated guild has no role to give"));
            long started = System.nanoTime();
            try (DemoBot bot = startBot(simulator, token, joinRole.id())) {
                if (!awaitReady(bot)) {
                    out.println("  the bot did not become ready within " + settings.timeout().toSeconds() + " s");
                    return 1;
                }
                out.printf("  bot ready: %s, in %d ms%n%n", bot.description(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                List<Played> played = play(simulator, joinGuild, joinRole);
                return report(simulator, played);
            }
        }
    }

    private DemoBot startBot(DiscordSimulator simulator, String token, String joinRoleId) throws Exception {
        Optional<String> problem = switch (settings.mode()) {
            case STANDALONE -> Optional.of("standalone mode was asked for");
            case PROXY, AUTO -> ServiceProbe.rabbitMqProblem(settings.amqpUrl())
                    .or(() -> ServiceProbe.redisProblem(settings.redisUrl()));
        };
        if (problem.isPresent()) {
            if (settings.mode() == Mode.PROXY) {
                throw new IllegalStateException("proxy mode needs RabbitMQ and Redis: " + problem.get());
            }
            out.println("  mode: STANDALONE (gateway and handlers in one process, in-process queue, in-memory state)");
            out.println("        because " + problem.get());
            return DemoBot.standalone(StandaloneBot.start(simulator.apiBaseUrl(), token,
                    ShardOptions.DEFAULT_INTENTS, TransportCompression.ZLIB_STREAM, false,
                    BuiltInHandlers.create(joinRoleId), WorkerConfig.DEFAULT_CONCURRENCY));
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        Topology topology = Topology.withPrefix("demo-" + id + ".");
        String redisPrefix = "demo-" + id + ":";
        out.println("  mode: PROXY (simulator → ingestor → RabbitMQ → worker → simulator REST; Redis for state)");
        out.println("        RabbitMQ at " + Redaction.redact(settings.amqpUrl()) + " and Redis answer;"
                + " topology prefix " + topology.eventsExchange().replace("arrakis.events", ""));
        Ingestor ingestor = new Ingestor(IngestorConfig.builder().botToken(token)
                .apiBaseUrl(simulator.apiBaseUrl())
                .amqpUrl(settings.amqpUrl()).topology(topology)
                .redisUrl(settings.redisUrl()).redisKeyPrefix(redisPrefix)
                .opsPort(0).build());
        Worker worker = null;
        try {
            ingestor.start();
            worker = Worker.start(WorkerConfig.builder().amqpUrl(settings.amqpUrl()).redisUrl(settings.redisUrl())
                            .apiBaseUrl(simulator.apiBaseUrl())
                            .topology(topology).redisKeyPrefix(redisPrefix).botToken(token)
                            .joinRoleId(joinRoleId).workerId("demo-worker-" + id).build(),
                    BuiltInHandlers.create(joinRoleId), new SimpleMeterRegistry());
        } catch (Exception e) {
            ingestor.close();
            throw e;
        }
        return DemoBot.proxy(ingestor, worker, () -> cleanUp(topology, redisPrefix));
    }

    private boolean awaitReady(DemoBot bot) throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (!bot.isReady()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** One scripted event and how to recognise the bot's answer to it. */
    private record Played(int number, String event, String guild, String user, Instant sentAt,
                          Predicate<RecordedRequest> answer, String answerDescription) {
    }

    private List<Played> play(DiscordSimulator simulator, Guild joinGuild, Role joinRole) throws InterruptedException {
        List<Guild> guilds = simulator.world().guilds();
        List<Played> played = new ArrayList<>();
        int commands = 0;
        int joins = 0;
        long newUserBase = Snowflakes.fromTimestamp(System.currentTimeMillis());
        while (commands < settings.commands() || joins < settings.joins()) {
            boolean command = joins >= settings.joins()
                    || (commands < settings.commands() && commands * settings.joins() <= joins * settings.commands());
            Instant sentAt = Instant.now();
            if (command) {
                Guild guild = guilds.get(commands % guilds.size());
                String user = guild.members().get(commands % guild.members().size()).user().id();
                EmittedInteraction ping = simulator.emitSlashCommand(guild.id(), user, "ping");
                played.add(new Played(played.size() + 1, "/ping", guild.name(), user, sentAt,
                        r -> r.is("POST", CALLBACK) && r.pathParam("interaction_id").orElse("").equals(ping.id()),
                        "answered \"pong\""));
                commands++;
            } else {
                String user = Long.toString(newUserBase + joins);
                simulator.emitMemberAdd(joinGuild.id(), user);
                played.add(new Played(played.size() + 1, "member join", joinGuild.name(), user, sentAt,
                        r -> r.is("PUT", ADD_ROLE) && r.pathParam("user_id").orElse("").equals(user),
                        "given role \"" + joinRole.name() + "\""));
                joins++;
            }
            Thread.sleep(25);
        }
        return played;
    }

    private int report(DiscordSimulator simulator, List<Played> played) throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        List<Optional<RecordedRequest>> answers;
        do {
            List<RecordedRequest> requests = simulator.requests().all();
            answers = played.stream().map(p -> requests.stream().filter(p.answer()).findFirst()).toList();
            if (answers.stream().allMatch(Optional::isPresent) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(20);
        } while (true);

        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        out.printf("  %-3s %-12s %-10s %-20s %-34s %10s%n", "#", "event", "guild", "user", "what happened", "latency");
        int handled = 0;
        for (int i = 0; i < played.size(); i++) {
            Played p = played.get(i);
            Optional<RecordedRequest> answer = answers.get(i);
            String outcome;
            String took = "";
            if (answer.isEmpty()) {
                outcome = "NOT HANDLED within " + settings.timeout().toSeconds() + " s";
            } else if (answer.get().status() >= 300) {
                outcome = "answer refused by Discord: HTTP " + answer.get().status();
            } else {
                handled++;
                outcome = p.answerDescription();
                long micros = Math.max(1, Duration.between(p.sentAt(), answer.get().receivedAt()).toNanos() / 1_000);
                latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
                took = String.format("%.1f ms", micros / 1000.0);
            }
            out.printf("  %-3d %-12s %-10s %-20s %-34s %10s%n", p.number(), p.event(), truncate(p.guild(), 10),
                    p.user(), outcome, took);
        }
        out.println();
        if (latency.getTotalCount() > 0) {
            out.printf("  latency, dispatch sent → bot's REST call received (%d events): p50 %.1f ms  p95 %.1f ms  "
                            + "p99 %.1f ms  max %.1f ms%n", latency.getTotalCount(),
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(95) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
        }
        out.printf("  %d of %d events handled%s%n", handled, played.size(),
                handled == played.size() ? "" : " — see the lines marked above");
        return handled == played.size() ? 0 : 1;
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }

    private void cleanUp(Topology topology, String redisPrefix) {
        try (var connection = BrokerConnections.connect(settings.amqpUrl(), "arrakis-demo-cleanup")) {
            new TopologyDeclarer(topology).delete(connection);
        } catch (Exception e) {
            out.println("  note: could not delete the demo topology: " + e.getMessage());
        }
        RedisClient client = RedisClient.create(settings.redisUrl());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisKeyPrefix.deleteAll(connection.sync(), redisPrefix);
        } catch (Exception e) {
            out.println("  note: could not delete the demo's Redis keys: " + e.getMessage());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
