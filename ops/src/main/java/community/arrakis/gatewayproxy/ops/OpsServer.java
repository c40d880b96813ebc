package community.arrakis.gatewayproxy.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import community.arrakis.gatewayproxy.ops.status.StatusJson;
import community.arrakis.gatewayproxy.ops.status.StatusPage;
import community.arrakis.gatewayproxy.ops.status.StatusSnapshot;
import community.arrakis.gatewayproxy.ops.status.StatusSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoints of a process, on the JDK's built-in HTTP server:
 *
 * <pre>
 * GET /               the status page (HTML): verdict, dependencies, shards, traffic, queues, last problems
 * GET /status.json    the same for scripts
 * GET /health/live    200 {"status":"UP"} while the process can answer at all
 * GET /health/ready   200 when every check is healthy, 503 otherwise; the body lists each check
 *                     {"status":"DOWN","checks":{"shard-0":{"status":"UP","details":{...}}, ...}}
 * GET /metrics        the Prometheus text format of the registry
 * </pre>
 *
 * Liveness deliberately ignores the checks: a shard that is reconnecting is not a reason for an
 * orchestrator to kill the process (that would cost the sessions a resume could save).
 */
public final class OpsServer implements AutoCloseable {

    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private static final String UNAVAILABLE = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta http-equiv=\"refresh\" content=\"5\"><title>status unavailable</title></head><body>"
            + "<h1>Status unavailable</h1><p>The process could not build its status; the log says why. "
            + "<a href=\"/health/ready\">/health/ready</a> still answers.</p></body></html>";

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** The endpoints without a status page: {@code GET /} answers 404. */
    public static OpsServer start(int port, PrometheusMeterRegistry registry, Map<String, HealthCheck> checks)
            throws IOException {
        return start(port, registry, checks, null);
    }

    /**
     * @param port     0 picks a free port, see {@link #port()}
     * @param registry scraped by {@code /metrics}
     * @param checks   by name, in the order the body should list them; all must be healthy for ready
     * @param status   fills the status page and {@code /status.json}; null for none
     */
    public static OpsServer start(int port, PrometheusMeterRegistry registry, Map<String, HealthCheck> checks,
                                  StatusSource status) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("ops port must be 0..65535, was " + port);
        }
        Map<String, HealthCheck> ordered = new LinkedHashMap<>(checks);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (java.net.BindException e) {
            throw new java.net.BindException("cannot listen on ops port " + port + " (--ops-port): " + e.getMessage());
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/health/live", exchange -> respond(exchange, 200, "application/json",
                "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/health/ready", exchange -> ready(exchange, ordered));
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_CONTENT_TYPE,
                registry.scrape().getBytes(StandardCharsets.UTF_8)));
        // "/" is the context of every path no other one matches: only "/" itself is the page
        server.createContext("/", exchange -> {
            if (status == null || !"/".equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            StatusSnapshot snapshot = snapshot(status);
            respond(exchange, snapshot == null ? 500 : 200, "text/html; charset=utf-8", snapshot == null
                    ? UNAVAILABLE.getBytes(StandardCharsets.UTF_8)
                    : StatusPage.render(snapshot).getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/status.json", exchange -> {
            StatusSnapshot snapshot = status == null ? null : snapshot(status);
            if (snapshot == null) {
                respond(exchange, status == null ? 404 : 500, "application/json",
                        "{\"error\":\"no status\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            respond(exchange, 200, "application/json", StatusJson.render(snapshot));
        });
        server.start();
        log.info("ops endpoints listening on port {}", server.getAddress().getPort());
        return new OpsServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
    }

    /** Null when the source failed: a bug, logged, and the page says only that (the error could hold anything). */
    private static StatusSnapshot snapshot(StatusSource status) {
        try {
            return status.snapshot();
        } catch (RuntimeException e) {
            log.warn("the status page could not be built", e);
            return null;
        }
    }

    private static void ready(HttpExchange exchange, Map<String, HealthCheck> checks) throws IOException {
        boolean allHealthy = true;
        Map<String, Object> results = new LinkedHashMap<>();
        for (Map.Entry<String, HealthCheck> check : checks.entrySet()) {
            HealthCheck.Result result;
            try {
                result = check.getValue().check();
            } catch (RuntimeException e) {
                result = HealthCheck.Result.down(Map.of("error", String.valueOf(e.getMessage())));
            }
            allHealthy &= result.healthy();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", result.healthy() ? "UP" : "DOWN");
            entry.put("details", result.details());
            results.put(check.getKey(), entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", allHealthy ? "UP" : "DOWN");
        body.put("checks", results);
        respond(exchange, allHealthy ? 200 : 503, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
