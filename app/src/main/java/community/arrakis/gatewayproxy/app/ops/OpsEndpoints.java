package community.arrakis.gatewayproxy.app.ops;

import community.arrakis.gatewayproxy.app.standalone.StandaloneBot;
import community.arrakis.gatewayproxy.discord.gateway.GatewayShard;
import community.arrakis.gatewayproxy.discord.gateway.ShardStatus;
import community.arrakis.gatewayproxy.ingestor.Ingestor;
import community.arrakis.gatewayproxy.ops.HealthCheck;
import community.arrakis.gatewayproxy.ops.OpsServer;
import community.arrakis.gatewayproxy.ops.status.SecretRedactor;
import community.arrakis.gatewayproxy.ops.status.StatusSource;
import community.arrakis.gatewayproxy.worker.Worker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ops endpoints of one process, opened the same way for the ingestor and the worker:
 * {@code GET /} (the status page), {@code /status.json}, {@code /health/live},
 * {@code /health/ready} and {@code /metrics} ({@link OpsServer}).
 *
 * <p>The page shows what the process reports ({@link StatusSource}) plus its last warnings and
 * errors ({@link ProblemLogAppender}), and everything on it passes through the process's
 * {@link SecretRedactor} last, so a secret that reached a reason or a log line does not reach the
 * page. Closing stops the server and the capture of log lines.
 */
public final class OpsEndpoints implements AutoCloseable {

    private final OpsServer server;
    private final ProblemLogAppender problems;

    private OpsEndpoints(OpsServer server, ProblemLogAppender problems) {
        this.server = server;
        this.problems = problems;
    }

    /**
     * The ingestor's: its health checks ({@code broker}, {@code redis}, {@code identify-budget},
     * one per shard) and its status page. Call after {@link Ingestor#start()}.
     *
     * @param problems the capture of log lines, attached before the ingestor started; closed with the endpoints
     */
    public static OpsEndpoints forIngestor(int port, Ingestor ingestor, ProblemLogAppender problems,
                                           SecretRedactor redactor) throws IOException {
        return open(port, ingestor.registry(), ingestor.healthChecks(), ingestor.status(), problems, redactor);
    }

    /**
     * The worker's: {@code live} and one check per readiness part the worker reports (read again on
     * every request), and its status page.
     */
    public static OpsEndpoints forWorker(int port, Worker worker, PrometheusMeterRegistry registry,
                                         ProblemLogAppender problems, SecretRedactor redactor) throws IOException {
        return open(port, registry, workerChecks(worker), new WorkerStatus(worker, Clock.systemUTC()), problems, redactor);
    }

    /** The worker's, with its mode (and migration) on the page and in {@code /health/ready}. */
    public static OpsEndpoints forWorker(int port, Worker worker, PrometheusMeterRegistry registry,
                                         ProblemLogAppender problems, SecretRedactor redactor, ProcessMode mode)
            throws IOException {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("mode", mode.healthCheck());
        checks.putAll(workerChecks(worker));
        return open(port, registry, checks, mode.around(new WorkerStatus(worker, Clock.systemUTC())), problems, redactor);
    }

    /**
     * The standalone bot's: {@code mode}, {@code live} and one check per shard (ready when READY),
     * and its status page.
     */
    public static OpsEndpoints forStandalone(int port, StandaloneBot bot, PrometheusMeterRegistry registry,
                                             ProblemLogAppender problems, SecretRedactor redactor, ProcessMode mode)
            throws IOException {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("mode", mode.healthCheck());
        checks.put("live", () -> HealthCheck.Result.up(Map.of()));
        for (GatewayShard shard : bot.shards()) {
            checks.put("shard-" + shard.shardId(), () -> shard.status() == ShardStatus.READY
                    ? HealthCheck.Result.up(Map.of("state", shard.status().name()))
                    : HealthCheck.Result.down(Map.of("state", shard.status().name())));
        }
        return open(port, registry, checks, mode.around(new StandaloneStatus(bot, Clock.systemUTC())), problems, redactor);
    }

    private static OpsEndpoints open(int port, PrometheusMeterRegistry registry, Map<String, HealthCheck> checks,
                                     StatusSource status, ProblemLogAppender problems, SecretRedactor redactor)
            throws IOException {
        StatusSource page = () -> status.snapshot().withRecentProblems(problems.log().lines()).redacted(redactor);
        return new OpsEndpoints(OpsServer.start(port, registry, checks, page), problems);
    }

    /** Masks the bot token and the passwords of the broker and Redis URLs (and the shapes {@link SecretRedactor} knows). */
    public static SecretRedactor redactor(String botToken, String... urls) {
        return SecretRedactor.of(java.util.Collections.singletonList(botToken)).withPasswordsOf(urls);
    }

    static Map<String, HealthCheck> workerChecks(Worker worker) {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("live", () -> worker.live() ? HealthCheck.Result.up(Map.of()) : HealthCheck.Result.down(Map.of()));
        for (String name : worker.health().keySet()) {
            checks.put(name, () -> {
                Worker.Check part = worker.health().get(name);
                if (part == null) {
                    return HealthCheck.Result.down(Map.of("state", "gone"));
                }
                Map<String, Object> details = Map.of("state", part.detail());
                return part.ready() ? HealthCheck.Result.up(details) : HealthCheck.Result.down(details);
            });
        }
        return checks;
    }

    public int port() {
        return server.port();
    }

    /** Where the person on call looks first. */
    public String describe() {
        return "; status page on http://127.0.0.1:" + port() + "/, health and metrics on http://127.0.0.1:" + port()
                + "/health/ready and /metrics";
    }

    @Override
    public void close() {
        server.close();
        problems.close();
    }
}
