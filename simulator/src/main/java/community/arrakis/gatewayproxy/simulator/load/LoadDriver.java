package community.arrakis.gatewayproxy.simulator.load;

import community.arrakis.gatewayproxy.simulator.CommandOption;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.Member;
import community.arrakis.gatewayproxy.simulator.Snowflake;
import community.arrakis.gatewayproxy.simulator.rest.InteractionLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits a {@link LoadMix} of events on a {@link LoadProfile} and measures how completely and how
 * fast the bot answers each.
 *
 * <p>Pacing is by schedule, not by a sleep per event: at any instant the driver has emitted as many
 * events of the current stage as the area under its rate line (see {@link LoadProfile}), catching
 * up in a burst if it fell behind. At 20,000/s that is 20 events per millisecond, checked every
 * 0.2 ms. Interactions and member updates go round-robin over every member of every guild; joins
 * are fresh users joining one guild (the world's first unless {@link #withJoinGuild} says otherwise),
 * so that a join-role handler configured with one role of that guild can answer all of them.
 *
 * <p>Answers: an interaction is settled by its first callback (the interaction ledger tells the
 * driver); a join by the first accepted role PUT for that guild and user, which the driver finds by
 * draining the request log (see {@link RolePutWatcher}). The run ends after the last stage and the
 * grace period, or earlier once every expected answer is in; whatever is still unanswered is lost.
 *
 * <p>The driver expects to be the only source of interactions while it runs, and it empties the
 * request log as it goes: afterwards the log holds no request of the run. Emptying it keeps a
 * 13-minute run at 1,000/s from holding a million recorded callbacks.
 */
public final class LoadDriver {
    private static final Logger LOG = LoggerFactory.getLogger(LoadDriver.class);
    static final long MAX_TRACKED_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final long PACING_NANOS = 200_000;
    /** What the load driver's button clicks carry; a bot routes on it. */
    public static final String BUTTON_CUSTOM_ID = "load:button";
    /** The world's command with autocomplete, its option and what the user has typed so far. */
    public static final String AUTOCOMPLETE_COMMAND = "pick";
    public static final String AUTOCOMPLETE_OPTION = "fruit";
    private static final String AUTOCOMPLETE_TYPED = "ap";

    private final DiscordSimulator simulator;
    private final String command;
    private final LoadMix mix;
    private final String joinGuildId;

    /** Emits {@code /ping} only, as the control API's {@code POST /_sim/load} does. */
    public LoadDriver(DiscordSimulator simulator) {
        this(simulator, "ping");
    }

    /** Emits the slash command {@code command} only. */
    public LoadDriver(DiscordSimulator simulator, String command) {
        this(simulator, command, LoadMix.only(LoadEventType.PING), null);
    }

    private LoadDriver(DiscordSimulator simulator, String command, LoadMix mix, String joinGuildId) {
        this.simulator = Objects.requireNonNull(simulator, "simulator");
        this.command = Objects.requireNonNull(command, "command");
        this.mix = Objects.requireNonNull(mix, "mix");
        this.joinGuildId = joinGuildId;
    }

    public LoadDriver withMix(LoadMix newMix) {
        return new LoadDriver(simulator, command, newMix, joinGuildId);
    }

    /** The guild that fresh members join; null for the world's first guild. */
    public LoadDriver withJoinGuild(String guildId) {
        return new LoadDriver(simulator, command, mix, guildId);
    }

    /** The guild joins go to. */
    public String joinGuildId() {
        if (joinGuildId != null) {
            return simulator.world().requireGuild(joinGuildId).id();
        }
        return simulator.world().guilds().stream().findFirst().map(Guild::id)
                .orElseThrow(() -> new IllegalStateException("the world has no guild for members to join"));
    }

    public LoadReport run(LoadProfile profile, Duration grace) {
        Objects.requireNonNull(profile, "profile");
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("load grace must be zero or positive, was " + grace);
        }
        LOG.info("Load run starting: profile {}, mix {}, grace {}", profile, mix, grace);
        Run run = new Run(profile, grace);
        simulator.interactions().addListener(run);
        RolePutWatcher watcher = RolePutWatcher.start(simulator.requests(), run::onRolePut);
        LoadReport report;
        try {
            List<LoadReport.StageResult> stages = run.emit(profile);
            run.awaitAnswers(grace);
            watcher.close();
            report = run.report(stages).withContext("profile", profile.toString()).withContext("mix", mix.toString())
                    .withContext("grace", grace.toString());
        } finally {
            watcher.close();
            simulator.interactions().removeListener(run);
        }
        LOG.info("Load run finished: sent {}, answered {}, errors {}, expired {}, lost {} in {} s", report.sent(),
                report.answered(), report.errors(), report.expired(), report.lost(), Math.round(report.seconds()));
        return report;
    }

    private record Target(String guildId, String userId) { }

    /** A callback that arrived before the emitting thread had noted its interaction's type. */
    private record EarlyCallback(int status, int code, int responseType, long registeredNanos, long latencyNanos) { }

    /** A join the driver waits an answer for; {@code refused} once a role PUT for it failed. */
    private static final class PendingJoin {
        final long sentNanos;
        final long sentClockMillis;
        volatile boolean refused;

        PendingJoin(long sentNanos, long sentClockMillis) {
            this.sentNanos = sentNanos;
            this.sentClockMillis = sentClockMillis;
        }
    }

    /** One type's counters: written by the emitting thread (sent) and by REST threads (answers). */
    private static final class Counters {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong undelivered = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong expired = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final Histogram latency = new ConcurrentHistogram(MAX_TRACKED_MICROS, 3);

        void answered(long latencyNanos) {
            latency.recordValue(Math.min(MAX_TRACKED_MICROS, Math.max(0, latencyNanos / 1_000)));
            answered.incrementAndGet();
        }
    }

    /** The state of one run; the ledger calls it on every callback. */
    private final class Run implements InteractionLedger.CallbackListener {
        private final Map<LoadEventType, Counters> counters = new EnumMap<>(LoadEventType.class);
        /**
         * The mix's only interaction type, if it has one: then every callback is of that type and
         * the driver skips the id → type map below, which costs a fifth of the ceiling.
         */
        private final LoadEventType onlyInteractionType = onlyInteractionType();
        /** Interaction id → its type while unanswered, or the callback that beat the emitting thread to it. */
        private final Map<String, Object> interactions = new ConcurrentHashMap<>();
        /** "guild:user" → join awaiting its role PUT. */
        private final Map<String, PendingJoin> joins = new ConcurrentHashMap<>();
        /** "guild:user" of the joins already answered: a further accepted role PUT for one is a duplicate. */
        private final java.util.Set<String> answeredJoins = ConcurrentHashMap.newKeySet();
        /** Delivered events whose answer is expected and not yet in; the grace period ends early at 0. */
        private final AtomicLong outstanding = new AtomicLong();
        private final List<Target> targets = targets();
        private final String joinGuild = mix.weight(LoadEventType.JOIN) > 0 ? joinGuildId() : null;
        private final Snowflake joinIds = new Snowflake(simulator.clock());
        private int nextTarget;
        private int nextUpdate;
        private final long firstEmitNanos = System.nanoTime();
        private final LoadTimeline timeline;
        private long lastEmitNanos;

        Run(LoadProfile profile, Duration grace) {
            mix.weights().keySet().forEach(type -> counters.put(type, new Counters()));
            // Room for every second of the run and the grace period, and for a stage that runs late.
            long capacity = profile.totalDuration().plus(grace).toSeconds() + 60;
            timeline = new LoadTimeline(firstEmitNanos, System.currentTimeMillis(), (int) Math.min(86_400, capacity));
        }

        private LoadEventType onlyInteractionType() {
            List<LoadEventType> types = mix.weights().keySet().stream().filter(LoadEventType::interaction).toList();
            return types.size() == 1 ? types.get(0) : null;
        }

        List<LoadReport.StageResult> emit(LoadProfile profile) {
            LoadMix.Sequence sequence = mix.sequence();
            List<LoadReport.StageResult> results = new ArrayList<>();
            for (LoadProfile.Stage stage : profile.stages()) {
                long stageStart = System.nanoTime();
                long stageNanos = stage.duration().toNanos();
                long target = stage.totalEvents();
                long emitted = 0;
                // A stage lasts its duration even when its last event is due earlier (a ramp down to 0/s).
                while (emitted < target || System.nanoTime() - stageStart < stageNanos) {
                    long due = Math.min(target, stage.eventsBy(System.nanoTime() - stageStart));
                    while (emitted < due) {
                        emitOne(sequence.next());
                        emitted++;
                    }
                    if (emitted < target || System.nanoTime() - stageStart < stageNanos) {
                        LockSupport.parkNanos(PACING_NANOS);
                    }
                }
                results.add(new LoadReport.StageResult(stage.toString(), target, emitted,
                        (System.nanoTime() - stageStart) / 1e9));
            }
            lastEmitNanos = System.nanoTime();
            return results;
        }

        private void emitOne(LoadEventType type) {
            Counters c = counters.get(type);
            c.sent.incrementAndGet();
            timeline.sent(System.nanoTime());
            boolean delivered = switch (type) {
                case PING -> {
                    Target t = nextTarget();
                    yield noteInteraction(type, simulator.emitSlashCommand(t.guildId(), t.userId(), command));
                }
                case BUTTON -> {
                    Target t = nextTarget();
                    yield noteInteraction(type, simulator.emitButtonClick(t.guildId(), t.userId(), BUTTON_CUSTOM_ID));
                }
                case AUTOCOMPLETE -> {
                    Target t = nextTarget();
                    yield noteInteraction(type, simulator.emitAutocomplete(t.guildId(), t.userId(),
                            AUTOCOMPLETE_COMMAND, CommandOption.focused(AUTOCOMPLETE_OPTION, AUTOCOMPLETE_TYPED)));
                }
                case JOIN -> emitJoin();
                case UPDATE -> emitUpdate();
            };
            if (!delivered) {
                c.undelivered.incrementAndGet();
            }
        }

        private boolean noteInteraction(LoadEventType type, EmittedInteraction emitted) {
            if (!emitted.sent()) {
                return false;
            }
            outstanding.incrementAndGet();
            if (onlyInteractionType != null) {
                return true;
            }
            interactions.compute(emitted.id(), (id, early) -> {
                if (early instanceof EarlyCallback callback) {
                    settle(type, callback.status(), callback.code(), callback.responseType(),
                            callback.registeredNanos(), callback.latencyNanos());
                    return null;
                }
                return type;
            });
            return true;
        }

        private boolean emitJoin() {
            String userId = joinIds.next();
            String key = joinGuild + ":" + userId;
            boolean expected = mix.answerExpected(LoadEventType.JOIN);
            if (expected) {
                // Noted before emitting: the role PUT cannot come before the join, nor before this entry.
                joins.put(key, new PendingJoin(System.nanoTime(), simulator.clock().millis()));
            }
            boolean delivered = simulator.emitMemberAdd(joinGuild, userId).sent();
            if (expected) {
                if (delivered) {
                    outstanding.incrementAndGet();
                } else {
                    joins.remove(key);
                }
            }
            return delivered;
        }

        private boolean emitUpdate() {
            Target t = targets.get(nextUpdate++ % targets.size());
            List<String> roles = simulator.world().guild(t.guildId()).flatMap(g -> g.member(t.userId()))
                    .map(Member::roleIds).orElse(List.of());
            return simulator.emitMemberUpdate(t.guildId(), t.userId(), roles).sent();
        }

        private Target nextTarget() {
            return targets.get(nextTarget++ % targets.size());
        }

        @Override
        public void onCallback(String interactionId, int status, int errorCode, int responseType,
                               long registeredNanos, long receivedNanos) {
            if (status == 400 && errorCode == 40060) {
                // a second callback: the first one already settled the interaction; counted, since
                // a bot that handles each interaction once never sends one
                duplicateCallback(interactionId);
                return;
            }
            long latency = receivedNanos - registeredNanos;
            if (onlyInteractionType != null) {
                settle(onlyInteractionType, status, errorCode, responseType, registeredNanos, latency);
                return;
            }
            interactions.compute(interactionId, (id, known) -> {
                if (known instanceof LoadEventType type) {
                    settle(type, status, errorCode, responseType, registeredNanos, latency);
                    return null;
                }
                return known == null ? new EarlyCallback(status, errorCode, responseType, registeredNanos, latency)
                        : known;
            });
        }

        private void duplicateCallback(String interactionId) {
            LoadEventType type = onlyInteractionType;
            if (type == null) {
                // settled interactions left the map: the type is unknown, count it on the mix's first interaction type
                type = mix.weights().keySet().stream().filter(LoadEventType::interaction).findFirst().orElse(null);
            }
            if (type != null) {
                counters.get(type).duplicates.incrementAndGet();
            }
        }

        private void settle(LoadEventType type, int status, int code, int responseType, long sentNanos,
                            long latencyNanos) {
            Counters c = counters.get(type);
            if (status < 300) {
                c.answered(latencyNanos);
                // 5 and 6 are defers: the worker answered "loading" on the handler's behalf, too close to 3 s.
                timeline.answered(sentNanos, latencyNanos, responseType == 5 || responseType == 6);
            } else if (code == 10062) {
                c.expired.incrementAndGet();
                timeline.expired(sentNanos);
            } else {
                c.errors.incrementAndGet();
                timeline.errored(sentNanos);
            }
            outstanding.decrementAndGet();
        }

        /**
         * A role PUT seen in the request log. Latency is the smaller of two upper bounds: the time
         * until the watcher saw the request (late by however long the watcher waited for a CPU) and
         * the request's arrival on the simulator clock (milliseconds, so up to 1 ms late).
         */
        void onRolePut(String guildId, String userId, int status, long receivedClockMillis, long seenNanos) {
            PendingJoin join = joins.get(guildId + ":" + userId);
            if (join == null) {
                if (status < 300 && answeredJoins.contains(guildId + ":" + userId)) {
                    counters.get(LoadEventType.JOIN).duplicates.incrementAndGet(); // the role given twice
                }
                return; // not a join of this run, or already answered
            }
            if (status >= 300) {
                join.refused = true; // an error unless a retry succeeds before the end
                return;
            }
            if (joins.remove(guildId + ":" + userId) == null) {
                return;
            }
            answeredJoins.add(guildId + ":" + userId);
            long byClock = TimeUnit.MILLISECONDS.toNanos(receivedClockMillis - join.sentClockMillis + 1);
            long latency = Math.min(seenNanos - join.sentNanos, byClock);
            counters.get(LoadEventType.JOIN).answered(latency);
            timeline.answered(join.sentNanos, latency, false);
            outstanding.decrementAndGet();
        }

        void awaitAnswers(Duration grace) {
            long end = System.nanoTime() + grace.toNanos();
            while (outstanding.get() > 0 && System.nanoTime() < end) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }

        LoadReport report(List<LoadReport.StageResult> stages) {
            long refusedJoins = joins.values().stream().filter(j -> j.refused).count();
            List<LoadReport.TypeResult> types = new ArrayList<>();
            counters.forEach((type, c) -> {
                boolean expected = mix.answerExpected(type);
                long errors = c.errors.get() + (type == LoadEventType.JOIN ? refusedJoins : 0);
                long settled = c.answered.get() + errors + c.expired.get();
                long lost = expected ? Math.max(0, c.sent.get() - c.undelivered.get() - settled) : 0;
                types.add(new LoadReport.TypeResult(type, expected, c.sent.get(), c.undelivered.get(),
                        c.answered.get(), errors, c.expired.get(), lost, c.latency.copy(), c.duplicates.get()));
            });
            return new LoadReport(Map.of(), types, stages, (lastEmitNanos - firstEmitNanos) / 1e9,
                    timeline.snapshot());
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
            throw new IllegalStateException("the world has no guild members to emit events for");
        }
        return targets;
    }
}
