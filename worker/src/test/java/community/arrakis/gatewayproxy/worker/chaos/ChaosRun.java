package community.arrakis.gatewayproxy.worker.chaos;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.testkit.LogCapture;
import community.arrakis.gatewayproxy.worker.testing.Pipeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Plays one fault against a {@link ChaosPipeline} under load and reports what became of every
 * event. The load is the one the reliability issue was found with: 100 {@code /ping} interactions
 * and 5 member joins per second, for {@code load}; the fault is injected {@code faultAt} into it
 * and healed {@code outage} later. Then the run waits (bounded) until every interaction is answered
 * or counted expired and every join has its role, and counts.
 */
final class ChaosRun {

    static final int INTERACTIONS_PER_SECOND = 100;
    static final int JOINS_PER_SECOND = 5;
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final String ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";

    private final String scenario;
    private final Fault fault;
    private final Duration load;
    private final Duration faultAt;
    private final Duration outage;

    ChaosRun(String scenario, Fault fault, Duration load, Duration faultAt, Duration outage) {
        if (faultAt.plus(outage).compareTo(load) >= 0) {
            throw new IllegalArgumentException("the fault must be healed before the load ends");
        }
        this.scenario = scenario;
        this.fault = fault;
        this.load = load;
        this.faultAt = faultAt;
        this.outage = outage;
    }

    ChaosReport run(ChaosPipeline chaos) throws Exception {
        Pipeline pipeline = chaos.pipeline();
        List<Worker> workers = chaos.workers();
        List<EmittedInteraction> interactions = new ArrayList<>();
        List<String[]> joins = new ArrayList<>(); // guild, user
        boolean injected = false;
        boolean unreadySeen = false;
        Instant healedAt = null;
        try (LogCapture logs = LogCapture.attach()) {
            long start = System.nanoTime();
            long end = start + load.toNanos();
            long injectAt = start + faultAt.toNanos();
            long healAt = injectAt + outage.toNanos();
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                double elapsed = (now - start) / 1e9;
                while (interactions.size() < elapsed * INTERACTIONS_PER_SECOND) {
                    Guild guild = pipeline.guild(interactions.size() % 3);
                    interactions.add(pipeline.simulator().emitSlashCommand(guild.id(),
                            pipeline.user(guild, interactions.size() % 4), "ping"));
                }
                while (joins.size() < elapsed * JOINS_PER_SECOND) {
                    Guild guild = pipeline.guild(0); // the role given is guild 0's
                    String user = Long.toString(558_000_000_000_000_000L + joins.size());
                    pipeline.simulator().emitMemberAdd(guild.id(), user);
                    joins.add(new String[] {guild.id(), user});
                }
                if (!injected && now >= injectAt) {
                    fault.inject(chaos);
                    injected = true;
                }
                if (injected && healedAt == null) {
                    if (fault.dependency() != null && !unreadySeen) {
                        unreadySeen = workers.stream().anyMatch(w -> w.health().entrySet().stream()
                                .anyMatch(check -> !check.getValue().ready() && (check.getKey().equals(fault.dependency())
                                        || check.getValue().detail().toLowerCase().contains(fault.dependency()))));
                    }
                    if (System.nanoTime() >= healAt) {
                        fault.heal(chaos);
                        healedAt = Instant.now();
                    }
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // pacing of the load, not synchronisation
            }
            try {
                await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).until(() ->
                        accepted(pipeline).size() + expired(workers) >= interactions.size()
                                && joinsWithRole(pipeline, joins, chaos.role()) == joins.size());
            } catch (ConditionTimeoutException e) {
                // counted below as lost or without role
            }
            List<RecordedRequest> callbacks = pipeline.callbacks();
            Map<String, Long> acceptedPer = accepted(callbacks).stream()
                    .collect(Collectors.groupingBy(r -> r.pathParam("interaction_id").orElseThrow(), Collectors.counting()));
            long expired = (long) expired(workers);
            Instant healed = healedAt;
            long recovery = healed == null ? -1 : accepted(callbacks).stream().map(RecordedRequest::receivedAt)
                    .filter(at -> !at.isBefore(healed)).min(Instant::compareTo)
                    .map(first -> Duration.between(healed, first).toMillis()).orElse(-1L);
            Map<String, EmittedInteraction> byId = interactions.stream()
                    .collect(Collectors.toMap(EmittedInteraction::id, Function.identity()));
            callbacks.stream().filter(ChaosRun::lateOrRepeated).limit(5).forEach(r -> {
                EmittedInteraction i = byId.get(r.pathParam("interaction_id").orElseThrow());
                System.out.printf("  refused callback: interaction created %s, callback received %s (%d ms after creation): %d %s%n",
                        i.createdAt(), r.receivedAt(), Duration.between(i.createdAt(), r.receivedAt()).toMillis(),
                        r.status(), r.responseBody());
            });
            List<String> secrets = new ArrayList<>(interactions.stream().map(EmittedInteraction::token).toList());
            secrets.add(pipeline.simulator().config().botToken());
            secrets.add("guest:guest");
            return new ChaosReport(scenario, interactions.size(), acceptedPer.size(), expired,
                    (int) callbacks.stream().filter(ChaosRun::lateOrRepeated).count(),
                    (int) (acceptedPer.values().stream().filter(n -> n > 1).count() + repeatedRoleCalls(pipeline)),
                    Math.max(0, interactions.size() - acceptedPer.size() - expired),
                    joins.size(), joins.size() - joinsWithRole(pipeline, joins, chaos.role()), recovery, unreadySeen,
                    logs.at(Level.ERROR).size(), logs.at(Level.WARN).size(), logs.containing(secrets).size());
        }
    }

    /** Refused by Discord's own rules, not by an injected fault: 10062 (too late) or 40060 (answered already). */
    private static boolean lateOrRepeated(RecordedRequest callback) {
        String body = callback.responseBody() == null ? "" : callback.responseBody().replace(" ", "");
        return callback.status() >= 400 && callback.status() < 500
                && (body.contains("\"code\":10062") || body.contains("\"code\":40060"));
    }

    private static List<RecordedRequest> accepted(Pipeline pipeline) {
        return accepted(pipeline.callbacks());
    }

    private static List<RecordedRequest> accepted(List<RecordedRequest> callbacks) {
        return callbacks.stream().filter(r -> r.status() < 300).toList();
    }

    private static double expired(List<Worker> workers) {
        return workers.stream().mapToDouble(w -> w.metrics().count(WorkerMetrics.INTERACTIONS_EXPIRED)).sum();
    }

    private static long joinsWithRole(Pipeline pipeline, List<String[]> joins, String role) {
        Map<String, Guild> guilds = pipeline.simulator().world().guilds().stream()
                .collect(Collectors.toMap(Guild::id, Function.identity()));
        return joins.stream().filter(j -> guilds.get(j[0]).member(j[1]).map(m -> m.roleIds().contains(role)).orElse(false))
                .count();
    }

    /** Accepted role calls beyond one per join: a join that took effect twice. */
    static long repeatedRoleCalls(Pipeline pipeline) {
        return pipeline.simulator().requests().filter(r -> r.is("PUT", ROLE_ROUTE) && r.status() < 300).stream()
                .collect(Collectors.groupingBy(r -> r.pathParam("user_id").orElseThrow(), Collectors.counting()))
                .values().stream().mapToLong(n -> n - 1).sum();
    }
}
