package community.arrakis.gatewayproxy.app.cli;

import picocli.CommandLine.Option;

/** The worker's ops port: the status page, {@code /status.json}, {@code /health/*} and {@code /metrics}. */
public final class OpsOptions {

    @Option(names = "--ops-port", defaultValue = "${env:ARRAKIS_OPS_PORT:-8081}",
            description = "Port of the status page (/), /status.json, /health/live, /health/ready and /metrics; "
                    + "-1 turns them off, 0 picks a free port (env: ARRAKIS_OPS_PORT; default ${DEFAULT-VALUE}).")
    public int port;

    public boolean off() {
        return port < 0;
    }
}
