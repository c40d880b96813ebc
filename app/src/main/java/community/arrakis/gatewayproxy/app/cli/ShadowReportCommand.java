package community.arrakis.gatewayproxy.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import community.arrakis.gatewayproxy.worker.migration.MigrationStore;
import community.arrakis.gatewayproxy.worker.migration.ShadowComparison;
import community.arrakis.gatewayproxy.worker.migration.Side;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shadow-report}: what the live bot wrote to Discord against what the shadow would have
 * written, per event type (docs/migration.md, "Compare").
 */
@Command(name = "shadow-report", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Compare the live bot's writes with the shadow's, by event type.",
        description = {"Reads the writes both sides recorded (the live bot with --record-writes, the shadow workers "
                + "with --shadow) and prints, per event type: matched, missing in the shadow, missing in the live bot, "
                + "different, and each side's latency from the gateway's delivery to the write (ms p50/p95/max); then "
                + "the first differences in full. Exit code 0, or 3 with --strict when anything did not match."})
public final class ShadowReportCommand implements Callable<Integer> {

    @Mixin
    RedisOptions redis;

    @Option(names = "--migration-prefix", defaultValue = "${env:ARRAKIS_MIGRATION_PREFIX:-" + MigrationStore.DEFAULT_PREFIX + "}",
            description = "Prefix of the migration's Redis keys (env: ARRAKIS_MIGRATION_PREFIX; default ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--settle", defaultValue = "PT5S",
            description = "Leave out events with a write younger than this: the other side may still be on them (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--examples", defaultValue = "5", description = "Differences shown in full (default ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--json", description = "The report as JSON.")
    boolean json;

    @Option(names = "--strict", description = "Exit 3 when any event did not match.")
    boolean strict;

    @Option(names = "--clear", description = "After reporting, forget every recorded write (start a new comparison).")
    boolean clear;

    @Override
    public Integer call() throws Exception {
        try (MigrationStore store = MigrationStore.connect(redis.url, prefix)) {
            // the live bot is the standalone one, plus proxy workers recording during canaries
            java.util.List<community.arrakis.gatewayproxy.worker.migration.WriteRecord> live = new java.util.ArrayList<>(
                    store.writes(Side.STANDALONE));
            live.addAll(store.writes(Side.PROXY));
            ShadowComparison.Report report = ShadowComparison.compare(live, store.writes(Side.SHADOW),
                    System.currentTimeMillis() - settle.toMillis(), examples);
            if (json) {
                System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } else {
                System.out.print(report.toTable());
            }
            if (clear) {
                store.clearWrites();
            }
            return strict && !report.clean() ? 3 : 0;
        }
    }
}
