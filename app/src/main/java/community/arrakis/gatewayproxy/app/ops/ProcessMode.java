package community.arrakis.gatewayproxy.app.ops;

import community.arrakis.gatewayproxy.ops.HealthCheck;
import community.arrakis.gatewayproxy.ops.status.Health;
import community.arrakis.gatewayproxy.ops.status.Signal;
import community.arrakis.gatewayproxy.ops.status.StatusSnapshot;
import community.arrakis.gatewayproxy.ops.status.StatusSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How the bot's process runs, said where the person on call looks: the top of the status page
 * ("Mode", and "Migration" during one) and a {@code mode} entry of {@code /health/ready}, which is
 * always up: a mode is a fact, not a fault.
 *
 * @param mode      {@code standalone} or {@code proxy} (or {@code shadow})
 * @param detail    one sentence: what the mode means and which setting chose it
 * @param migration what a migration changes here, read on every request; null outside one
 */
public record ProcessMode(String mode, String detail, Supplier<String> migration) {

    public HealthCheck healthCheck() {
        return () -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("mode", mode);
            details.put("detail", detail);
            if (migration != null) {
                details.put("migration", migration.get());
            }
            return HealthCheck.Result.up(details);
        };
    }

    /** {@code status} with the mode (and the migration) first among its dependencies. */
    public StatusSource around(StatusSource status) {
        return () -> {
            StatusSnapshot s = status.snapshot();
            List<Signal> signals = new ArrayList<>();
            signals.add(new Signal("Mode", Health.HEALTHY, mode + ": " + detail));
            if (migration != null) {
                signals.add(new Signal("Migration", Health.HEALTHY, migration.get()));
            }
            signals.addAll(s.dependencies());
            return new StatusSnapshot(s.process(), s.instance(), s.takenAt(), s.startedAt(), signals, s.shards(),
                    s.figures(), s.queues(), s.recentProblems());
        };
    }
}
