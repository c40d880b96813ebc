package community.arrakis.gatewayproxy.e2e.chaos;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.testkit.LogCapture;
import community.arrakis.gatewayproxy.e2e.fixture.Pipeline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Plays one fault against a {@link ChaosPipeline} under load and reports what became of every
 * event. The load is the one the reliability issue was found with: 100 {@code /ping} interactions
 * and 5 member joins per second, for {@code load}; the fault is injected {@code faultAt} into it
 * and healed {@code outage} later, on a thread of its own (a node takes seconds to stop and start,
 * and the load keeps its pace meanwhile). The load goes on at least {@link #TAIL_AFTER_HEAL} past
 * the healing. Then the run waits (bounded) until every interaction is answered or counted expired
 * and every join has its role, and counts.
 */
final class ChaosRun {

    static final int INTERACTIONS_PER_SECOND = 100;
    static final int JOINS_PER_SECOND = 5;
    private static final Duration SETTLE = Duration.ofSeconds(20);
    /** How long the load goes on after the fault is healed (and past the load's own length). */
    private static final Duration TAIL_AFTER_HEAL = Duration.ofSeconds(2);
    /** How long past the load's length healing may take before the run gives up on it. */
    private static final Duration MAX_HEALING = Duration.ofSeconds(60);
    private static final String ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";
    /** What a worker logs (with the event id in the MDC) for an interaction it counts expired. */
    private static final String EXPIRED_LINE = "expired, acknowledged without answering";

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
        Readiness readiness = new Readiness(chaos, fault.dependency());
        try (LogCapture logs = LogCapture.attach()) {
            long start = System.nanoTime();
            long end = start + load.toNanos();
            long injectAt = start + faultAt.toNanos();
            FaultPlay play = null;
            // Fresh interactions after the healing: something to answer when the dependency is back.
            while (true) {
                long now = System.nanoTime();
                if (play == null && now >= injectAt) {
                    play = FaultPlay.start(fault, chaos, outage, readiness);
                }
                if (now >= end && play != null && (play.over() && now >= play.healedNanos() + TAIL_AFTER_HEAL.toNanos()
                        || now >= end + MAX_HEALING.toNanos())) {
                    break;
                }
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
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // pacing of the load, not synchronisation
            }
            play.finish(); // rethrows what inject or heal threw; fails if healing never ended
            Instant healedAt = play.healedAt();
            try {
                await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).until(() ->
                        unsettled(interactions, accepted(pipeline), logs) == 0
                                && joinsWithRole(pipeline, joins, chaos.role()) == joins.size());
            } catch (ConditionTimeoutException e) {
                // counted below as lost or without role
            }
            List<RecordedRequest> callbacks = pipeline.callbacks();
            Map<String, Long> acceptedPer = accepted(callbacks).stream()
                    .collect(Collectors.groupingBy(r -> r.pathParam("interaction_id").orElseThrow(), Collectors.counting()));
            long expired = (long) expired(workers);
            long lost = unsettled(interactions, accepted(callbacks), logs);
            Instant healed = healedAt;
            logs.at(Level.ERROR).stream().limit(10).forEach(line -> System.out.println("  error: " + line));
            logs.at(Level.WARN).stream().limit(10).forEach(line -> System.out.println("  warn: " + line));
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
                    lost,
                    joins.size(), joins.size() - joinsWithRole(pipeline, joins, chaos.role()), recovery,
                    readiness.workersUnready(), readiness.ingestorUnready(),
                    logs.at(Level.ERROR).size(), logs.at(Level.WARN).size(),
                    mostBrokerLinesPerConnection(logs, chaos, Level.WARN), mostBrokerLinesPerConnection(logs, chaos, Level.INFO),
                    logs.containing(secrets).size(), interruption(accepted(callbacks), play.injectedAt(), healed));
        }
    }

    /**
     * The most lines at {@code level} that the broker layer (connection recovery, publisher,
     * consumers) logged about any one client connection: the ingestor's (its publisher's lines
     * count as its connection's), each worker's, the pipeline's own. Lines naming none of them count
     * together, as if one connection's.
     */
    static int mostBrokerLinesPerConnection(LogCapture logs, ChaosPipeline chaos, Level level) {
        List<String> names = new ArrayList<>();
        names.add("arrakis-ingestor");
        chaos.workers().forEach(w -> names.add("arrakis-worker-" + w.config().workerId()));
        String prefix = chaos.pipeline().topologyPrefix();
        names.add(prefix.substring(0, prefix.length() - 1)); // the pipeline's own connection
        Map<String, Long> perConnection = logs.at(level).stream()
                .filter(line -> line.logger().startsWith("community.arrakis.gatewayproxy.broker"))
                .collect(Collectors.groupingBy(line -> {
                    if (line.message().startsWith("publisher ")) {
                        return "arrakis-ingestor";
                    }
                    int at = line.message().indexOf("RabbitMQ connection ");
                    String rest = at < 0 ? "" : line.message().substring(at + "RabbitMQ connection ".length());
                    return names.stream().filter(name -> rest.startsWith(name + " ") || rest.startsWith(name + ":"))
                            .findFirst().orElse("(other)");
                }, Collectors.counting()));
        return perConnection.values().stream().mapToInt(Long::intValue).max().orElse(0);
    }

    /**
     * Interactions neither answered (an accepted callback) nor counted expired by a worker, by id:
     * the expired count alone could hide a loss, since a second copy of an answered interaction
     * (republished after a broker restart) that arrives after the 3 s is counted expired too.
     */
    private static long unsettled(List<EmittedInteraction> interactions, List<RecordedRequest> accepted, LogCapture logs) {
        Set<String> settled = new HashSet<>();
        accepted.forEach(r -> settled.add(r.pathParam("interaction_id").orElseThrow()));
        logs.lines().stream().filter(line -> line.message().contains(EXPIRED_LINE))
                .map(line -> line.mdc().get("eventId")).filter(Objects::nonNull).forEach(settled::add);
        return interactions.stream().filter(i -> !settled.contains(i.id())).count();
    }

    /**
     * The longest time without an accepted answer between {@code from} (the injection) and the
     * first answer after {@code to} (the healing): the moment itself counts as the start of the
     * first gap. -1 when there is no injection time.
     */
    static long interruption(List<RecordedRequest> accepted, Instant from, Instant to) {
        if (from == null) {
            return -1;
        }
        List<Instant> times = accepted.stream().map(RecordedRequest::receivedAt).filter(at -> at.isAfter(from))
                .sorted().toList();
        long longest = 0;
        Instant previous = from;
        for (Instant at : times) {
            longest = Math.max(longest, Duration.between(previous, at).toMillis());
            previous = at;
            if (to != null && at.isAfter(to)) {
                break;
            }
        }
        return longest;
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

    /**
     * One fault played on a thread of its own: injected, then healed {@code outage} after the
     * injection began (or as soon as the injection is done, if it took longer), while {@link
     * Readiness} watches. The moment of healing, from which the recovery is measured, is when the
     * dependency was back ({@link Fault#backAt}).
     */
    private static final class FaultPlay {

        private final Thread thread;
        private volatile long healedNanos;
        private volatile Instant healedAt;
        private volatile Instant injectedAt;
        private volatile Throwable failure;

        private FaultPlay(Fault fault, ChaosPipeline chaos, Duration outage, Readiness readiness) {
            long healAt = System.nanoTime() + outage.toNanos();
            readiness.watch();
            thread = Thread.ofPlatform().name("chaos-fault").daemon().start(() -> {
                try {
                    injectedAt = Instant.now();
                    fault.inject(chaos);
                    for (long left; (left = healAt - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(left); // the outage's length, not synchronisation
                    }
                    heal(fault, chaos);
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    readiness.stop();
                }
            });
        }

        /**
         * Heals, and takes as the moment of healing when the dependency was back by its own
         * account ({@link Fault#backAt}), else when {@code heal} returned.
         */
        private void heal(Fault fault, ChaosPipeline chaos) throws Exception {
            Instant started = Instant.now();
            fault.heal(chaos);
            long returnedNanos = Math.max(1, System.nanoTime());
            Instant returned = Instant.now();
            healedAt = fault.backAt(chaos, started, returned);
            healedNanos = returnedNanos;
        }

        static FaultPlay start(Fault fault, ChaosPipeline chaos, Duration outage, Readiness readiness) {
            return new FaultPlay(fault, chaos, outage, readiness);
        }

        /** Injected and healed, or failed trying. */
        boolean over() {
            return !thread.isAlive();
        }

        /** {@link System#nanoTime()} when {@code heal} returned, 0 before (or when healing failed). */
        long healedNanos() {
            return healedNanos;
        }

        Instant healedAt() {
            return healedAt;
        }

        /** When the injection began: the dependency's loss. */
        Instant injectedAt() {
            return injectedAt;
        }

        /** Waits for the healing to end and fails as the fault's own code failed, if it did. */
        void finish() throws Exception {
            thread.join(MAX_HEALING.toMillis());
            if (thread.isAlive()) {
                throw new IllegalStateException("the fault was not healed within " + MAX_HEALING + " of the load's end");
            }
            if (failure instanceof Exception e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
    }

    /**
     * Watches, from the injection until the healing, whether a worker's readiness names the fault's
     * dependency, and, for the broker, whether the ingestor's {@code /health/ready} answers 503 with
     * its {@code broker} check down: during a memory alarm only the ingestor (which publishes) is
     * blocked; the workers go on consuming what is queued.
     */
    static final class Readiness {

        private static final String BROKER_DOWN = "\"broker\":{\"status\":\"DOWN\"";

        private final ChaosPipeline chaos;
        private final String dependency;
        private final AtomicBoolean workers = new AtomicBoolean();
        private final AtomicBoolean ingestor = new AtomicBoolean();
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        private volatile boolean watching;

        Readiness(ChaosPipeline chaos, String dependency) {
            this.chaos = chaos;
            this.dependency = dependency;
        }

        void watch() {
            if (dependency == null) {
                return; // the workers are meant to stay ready
            }
            watching = true;
            Thread.ofVirtual().name("chaos-readiness").start(() -> {
                try (http) {
                    await().atMost(MAX_HEALING.multipliedBy(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                            .until(() -> {
                                sample();
                                return !watching || workers.get() && (ingestor.get() || !dependency.equals("broker"));
                            });
                } catch (ConditionTimeoutException e) {
                    // nothing more to see
                }
            });
        }

        void stop() {
            watching = false;
        }

        boolean workersUnready() {
            return workers.get();
        }

        boolean ingestorUnready() {
            return ingestor.get();
        }

        private void sample() {
            if (!workers.get() && chaos.workers().stream().anyMatch(w -> w.health().entrySet().stream()
                    .anyMatch(check -> !check.getValue().ready() && (check.getKey().equals(dependency)
                            || check.getValue().detail().toLowerCase().contains(dependency))))) {
                workers.set(true);
            }
            if (!ingestor.get() && dependency.equals("broker")) {
                try {
                    HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                    + chaos.pipeline().ingestorOpsPort() + "/health/ready"))
                            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                    if (ready.statusCode() == 503 && ready.body().replace(" ", "").contains(BROKER_DOWN)) {
                        ingestor.set(true);
                    }
                } catch (IOException e) {
                    // not an answer; try again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
