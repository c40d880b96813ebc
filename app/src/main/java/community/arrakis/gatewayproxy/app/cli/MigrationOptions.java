package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.worker.migration.MigrationHooks;
import community.arrakis.gatewayproxy.worker.migration.MigrationStore;
import community.arrakis.gatewayproxy.worker.migration.Side;
import picocli.CommandLine.Option;

/**
 * The options of a bot's process during a migration from standalone to the proxy (docs/migration.md):
 * guild canaries, recording writes for the shadow comparison, and where both sides meet in Redis.
 */
public final class MigrationOptions {

    @Option(names = "--canary", defaultValue = "${env:ARRAKIS_CANARY:-false}",
            description = "Guild canaries: run only this side's share of the guilds, as `canary set` chose it "
                    + "(standalone: the others; worker: the canaries). Needs Redis (env: ARRAKIS_CANARY; default ${DEFAULT-VALUE}).")
    public boolean canary;

    @Option(names = "--record-writes", defaultValue = "${env:ARRAKIS_RECORD_WRITES:-false}",
            description = "Record every Discord write (method, route, body, latency) by event for `shadow-report`, "
                    + "as the live side of a shadow run (env: ARRAKIS_RECORD_WRITES; default ${DEFAULT-VALUE}).")
    public boolean recordWrites;

    @Option(names = "--migration-prefix", defaultValue = "${env:ARRAKIS_MIGRATION_PREFIX:-" + MigrationStore.DEFAULT_PREFIX + "}",
            description = "Prefix of the Redis keys both sides of a migration share: the canary set, event owners, "
                    + "recorded writes (env: ARRAKIS_MIGRATION_PREFIX; default ${DEFAULT-VALUE}).")
    public String prefix;

    public boolean active() {
        return canary || recordWrites;
    }

    /** Connects to the shared store when this process takes part in a migration; null otherwise. */
    public MigrationStore connect(String redisUrl, boolean shadow) {
        return active() || shadow ? MigrationStore.connect(redisUrl, prefix) : null;
    }

    /** The hooks of {@code side}; {@link MigrationHooks#NONE} without a store. */
    public MigrationHooks hooks(Side side, MigrationStore store) {
        return store == null ? MigrationHooks.NONE : MigrationHooks.of(side, store, canary, recordWrites);
    }
}
