package community.arrakis.gatewayproxy.simulator.load;

import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.Member;
import community.arrakis.gatewayproxy.simulator.rest.InteractionLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits slash commands ({@code /ping} unless told otherwise) on a stage profile, round-robin over
 * the world's guilds and members, and counts the bot's first callback to each.
 *
 * <p>Pacing is by schedule, not by a sleep per event: at any instant the driver has emitted
 * {@code rate * elapsed} events of the current stage, catching up in a burst if it fell behind. At
 * 20,000/s that is 20 events per millisecond, checked every 0.2 ms. The run ends after the last
 * stage plus a grace period for late answers; what is still unanswered then counts as lost. The
 * driver expects to be the only source of interactions while it runs.
 */
public final class LoadDriver {
    private static final Logger LOG = LoggerFactory.getLogger(LoadDriver.class);
    private static final long MAX_TRACKED_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final long PACING_NANOS = 200_000;

    private final DiscordSimulator simulator;
    private final String command;

    public LoadDriver(DiscordSimulator simulator) {
        this(simulator, "ping");
    }

    public LoadDriver(DiscordSimulator simulator, String command) {
        this.simulator = simulator;
        this.command = command;
    }

    private record Target(String guildId, String userId) { }

    public LoadReport run(LoadProfile profile, Duration grace) {
        List<Target> targets = targets();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Histogram latency = new ConcurrentHistogram(MAX_TRACKED_MICROS, 3);
        AtomicLong answered = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong expired = new AtomicLong();
        InteractionLedger.CallbackListener listener = (id, status, code, registeredNanos, receivedNanos) -> {
            if (!seen.add(id)) {
                return;
            }
            if (status < 300) {
                answered.incrementAndGet();
                latency.recordValue(Math.min(MAX_TRACKED_MICROS, Math.max(0, (receivedNanos - registeredNanos) / 1000)));
            } else if (code == 10062) {
                expired.incrementAndGet();
            } else {
                errors.incrementAndGet();
            }
        };
        simulator.interactions().addListener(listener);
        long sent = 0;
        long undelivered = 0;
        long start = System.nanoTime();
        try {
            int next = 0;
            for (LoadProfile.Stage stage : profile.stages()) {
                long stageStart = System.nanoTime();
                long stageNanos = stage.duration().toNanos();
                long stageTotal = (long) (stage.ratePerSecond() * (stageNanos / 1e9));
                long emitted = 0;
                while (emitted < stageTotal) {
                    long due = Math.min(stageTotal,
                            (long) (stage.ratePerSecond() * ((System.nanoTime() - stageStart) / 1e9)));
                    while (emitted < due) {
                        Target target = targets.get(next++ % targets.size());
                        if (!simulator.emitSlashCommand(target.guildId(), target.userId(), command).sent()) {
                            undelivered++;
                        }
                        emitted++;
                        sent++;
                    }
                    if (emitted < stageTotal) {
                        LockSupport.parkNanos(PACING_NANOS);
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long delivered = sent - undelivered;
            long graceEnd = System.nanoTime() + grace.toNanos();
            while (seen.size() < delivered && System.nanoTime() < graceEnd) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            long finished = answered.get() + errors.get() + expired.get();
            LoadReport report = new LoadReport(sent, undelivered, answered.get(), errors.get(), expired.get(),
                    Math.max(0, delivered - finished), seconds, latency.copy());
            LOG.info("Load run finished: {}", report.toJson());
            return report;
        } finally {
            simulator.interactions().removeListener(listener);
        }
    }

    private List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (Guild guild : simulator.world().guilds()) {
            for (Member member : guild.members()) {
                if (!member.user().bot()) {
                    targets.add(new Target(guild.id(), member.user().id()));
                }
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalStateException("the world has no guild members to emit interactions for");
        }
        return targets;
    }
}
