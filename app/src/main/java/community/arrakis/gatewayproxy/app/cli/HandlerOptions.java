package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.worker.WorkerConfig;
import picocli.CommandLine.Option;

/** What the modes that run handlers (worker, standalone) share: the built-in handlers' role and concurrency. */
public final class HandlerOptions {

    @Option(names = "--join-role", defaultValue = "${env:ARRAKIS_JOIN_ROLE_ID}",
            description = "Role id the built-in member-join handler gives every new member; none if unset (env: ARRAKIS_JOIN_ROLE_ID).")
    String joinRoleId;

    @Option(names = "--concurrency", defaultValue = "${env:ARRAKIS_CONCURRENCY:-" + WorkerConfig.DEFAULT_CONCURRENCY + "}",
            description = "Handlers running at once, on virtual threads (env: ARRAKIS_CONCURRENCY; default ${DEFAULT-VALUE}).")
    public int concurrency;

    /** The configured role id, or null when none was given. */
    public String joinRoleId() {
        return joinRoleId == null || joinRoleId.isBlank() ? null : joinRoleId.trim();
    }
}
