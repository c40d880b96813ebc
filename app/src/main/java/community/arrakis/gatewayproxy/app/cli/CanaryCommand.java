package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.worker.migration.CanaryPolicy;
import community.arrakis.gatewayproxy.worker.migration.MigrationStore;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code canary}: shows or changes which guilds the proxy serves while the standalone bot keeps the
 * others. Both sides read the set from Redis within a quarter of a second; an event already seen by
 * one side keeps its owner (docs/migration.md).
 */
@Command(name = "canary", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Show or change which guilds the proxy serves (canaries).",
        description = {"Without options: prints the current set. --percent P moves P % of all guilds (chosen by a stable "
                + "hash of the guild id, so 1 % is inside 10 %) to the proxy; --guilds lists guilds that move whatever "
                + "the percentage; --off gives every guild back to the standalone bot. Bots started with --canary "
                + "follow the change within 250 ms."})
public final class CanaryCommand implements Callable<Integer> {

    @Mixin
    RedisOptions redis;

    @Option(names = "--migration-prefix", defaultValue = "${env:ARRAKIS_MIGRATION_PREFIX:-" + MigrationStore.DEFAULT_PREFIX + "}",
            description = "Prefix of the migration's Redis keys (env: ARRAKIS_MIGRATION_PREFIX; default ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--percent", description = "Share of guilds on the proxy, 0 to 100 (two decimals count).")
    Double percent;

    @Option(names = "--guilds", split = ",", description = "Guild ids on the proxy whatever the percentage (replaces the list; empty: none).")
    String[] guilds;

    @Option(names = "--off", description = "Every guild back to the standalone bot (percent 0, no guilds).")
    boolean off;

    @Override
    public Integer call() {
        try (MigrationStore store = MigrationStore.connect(redis.url, prefix)) {
            CanaryPolicy current = store.canary();
            if (off || percent != null || guilds != null) {
                CanaryPolicy next = off ? CanaryPolicy.NONE : current;
                if (percent != null) {
                    next = CanaryPolicy.percent(percent).withGuilds(next.guilds());
                }
                if (guilds != null) {
                    Set<String> ids = Arrays.stream(guilds).map(String::trim).filter(s -> !s.isEmpty())
                            .collect(Collectors.toCollection(LinkedHashSet::new));
                    next = next.withGuilds(ids);
                }
                store.setCanary(next);
                System.out.println("canary set: was " + describe(current) + "; now " + describe(next));
            } else {
                System.out.println("canary set: " + describe(current));
            }
        }
        return 0;
    }

    private static String describe(CanaryPolicy policy) {
        return "the proxy serves " + policy + (policy.guilds().isEmpty() ? "" : " " + String.join(",", policy.guilds()));
    }
}
