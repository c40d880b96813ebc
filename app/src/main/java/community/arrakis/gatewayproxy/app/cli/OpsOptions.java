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

    public String describe() {
        return boundPort < 0 ? "" : "; health and metrics on http://127.0.0.1:" + boundPort + "/health/ready and /metrics";
    }
}
