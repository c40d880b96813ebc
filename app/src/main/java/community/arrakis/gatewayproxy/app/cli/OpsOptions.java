package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.ops.HealthCheck;
import community.arrakis.gatewayproxy.ops.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Option;

/** The port of {@code /health/live}, {@code /health/ready} and {@code /metrics}. */
public final class OpsOptions {

    @Option(names = "--ops-port", defaultValue = "${env:ARRAKIS_OPS_PORT:-8081}",
            description = "Port of /health/live, /health/ready and /metrics; -1 turns them off, 0 picks a free port "
                    + "(env: ARRAKIS_OPS_PORT; default ${DEFAULT-VALUE}).")
    public int port;

    private int boundPort = -1;

    /** Starts the endpoints with one readiness check per named condition; a no-op when off. */
    public AutoCloseable start(PrometheusMeterRegistry registry, BooleanSupplier live, BooleanSupplier ready)
            throws IOException {
        if (port < 0) {
            return () -> { };
        }
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("live", () -> live.getAsBoolean() ? HealthCheck.Result.up(Map.of()) : HealthCheck.Result.down(Map.of()));
        checks.put("ready", () -> ready.getAsBoolean() ? HealthCheck.Result.up(Map.of()) : HealthCheck.Result.down(Map.of()));
        OpsServer server = OpsServer.start(port, registry, checks);
        boundPort = server.port();
        return server;
    }

    /**
     * Starts the endpoints with one readiness check per part {@code parts} reports (name → ready and
     * what it is doing), read again on every request; a no-op when off.
     */
    public AutoCloseable start(PrometheusMeterRegistry registry, BooleanSupplier live,
                               java.util.function.Supplier<Map<String, Part>> parts) throws IOException {
        if (port < 0) {
            return () -> { };
        }
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("live", () -> live.getAsBoolean() ? HealthCheck.Result.up(Map.of()) : HealthCheck.Result.down(Map.of()));
        for (String name : parts.get().keySet()) {
            checks.put(name, () -> {
                Part part = parts.get().get(name);
                if (part == null) {
                    return HealthCheck.Result.down(Map.of("state", "gone"));
                }
                Map<String, Object> details = Map.of("state", part.detail());
                return part.ready() ? HealthCheck.Result.up(details) : HealthCheck.Result.down(details);
            });
        }
        OpsServer server = OpsServer.start(port, registry, checks);
        boundPort = server.port();
        return server;
    }

    /** One part of a process's readiness. */
    public record Part(boolean ready, String detail) {
    }

    public String describe() {
        return boundPort < 0 ? "" : "; health and metrics on http://127.0.0.1:" + boundPort + "/health/ready and /metrics";
    }
}
