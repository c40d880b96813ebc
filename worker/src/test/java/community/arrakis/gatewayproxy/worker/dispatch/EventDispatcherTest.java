package community.arrakis.gatewayproxy.worker.dispatch;

import static community.arrakis.gatewayproxy.worker.testing.TestEnvelopes.GUILD_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.common.Backoff;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestException;
import community.arrakis.gatewayproxy.discord.rest.SendDeadlinePassedException;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.testkit.MutableClock;
import community.arrakis.gatewayproxy.worker.handler.Choice;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import community.arrakis.gatewayproxy.worker.handler.Modal;
import community.arrakis.gatewayproxy.worker.handler.RetryLaterException;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.state.ClaimResult;
import community.arrakis.gatewayproxy.worker.state.EventLedger;
import community.arrakis.gatewayproxy.worker.state.InMemoryStateStore;
import community.arrakis.gatewayproxy.worker.state.StateUnavailableException;
import community.arrakis.gatewayproxy.worker.state.StoreAvailability;
import community.arrakis.gatewayproxy.worker.testing.RecordingTransport.Call;
import community.arrakis.gatewayproxy.worker.testing.RecordingTransport;
import community.arrakis.gatewayproxy.worker.testing.TestEnvelopes;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {

    private final RecordingTransport transport = new RecordingTransport();
    private final WorkerMetrics metrics = WorkerMetrics.standalone();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final DiscordRestClient rest = DiscordRestClient.builder(URI.create("http://127.0.0.1:1/api/v10")).build();
    private final DispatchOptions options = new DispatchOptions("test-worker", Duration.ofMillis(1000), Duration.ofMillis(250),
            3, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), Backoff.Jitter.FULL), Duration.ofMinutes(15), Duration.ofMillis(200));

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    private EventDispatcher dispatcher(Handlers handlers, Clock clock) {
        InMemoryStateStore state = new InMemoryStateStore(clock);
        return new EventDispatcher(handlers, transport, rest, state, state, options, metrics, clock, timers);
    }

    private EventDispatcher dispatcher(Handlers handlers) {
        return dispatcher(handlers, Clock.systemUTC());
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    @Test
    void pingIsAnsweredDirectlyWithTypeFour() {
        Envelope ping = TestEnvelopes.command("ping", now());
        Outcome outcome = dispatcher(Handlers.create().command("ping", ctx -> ctx.reply("pong"))).dispatch(ping);

        assertThat(outcome).isInstanceOf(Outcome.Handled.class);
        assertThat(transport.calls()).containsExactly(new Call("callback", ping.interactionId(), ping.interactionToken(),
                "{\"type\":4,\"data\":{\"content\":\"pong\"}}"));
        assertThat(metrics.count(WorkerMetrics.PROCESSED, "type", "interaction.command", "outcome", "handled")).isEqualTo(1);
    }

    @Test
    void eventWithoutHandlerIsAcknowledgedAsNoHandler() {
        Outcome outcome = dispatcher(Handlers.create()).dispatch(TestEnvelopes.command("unknown", now()));
        assertThat(outcome).isInstanceOf(Outcome.NoHandler.class);
        assertThat(transport.calls()).isEmpty();
    }

    @Test
    void interactionTooOldOnArrivalIsExpiredWithoutRunningTheHandler() {
        AtomicInteger runs = new AtomicInteger();
        Outcome outcome = dispatcher(Handlers.create().command("ping", ctx -> runs.incrementAndGet()))
                .dispatch(TestEnvelopes.command("ping", now() - 2_900));

        assertThat(outcome).isInstanceOf(Outcome.Expired.class);
        assertThat(((Outcome.Expired) outcome).reason()).contains("after creation");
        assertThat(runs).hasValue(0);
        assertThat(transport.calls()).isEmpty();
        assertThat(metrics.count(WorkerMetrics.INTERACTIONS_EXPIRED)).isEqualTo(1);
    }

    @Test
    void redeliveredEnvelopeIsAcknowledgedAsDuplicateWithoutRunningAgain() {
        AtomicInteger runs = new AtomicInteger();
        EventDispatcher dispatcher = dispatcher(Handlers.create().memberJoin(ctx -> runs.incrementAndGet()));
        Envelope join = TestEnvelopes.memberJoin(GUILD_ID, "1");

        assertThat(dispatcher.dispatch(join)).isInstanceOf(Outcome.Handled.class);
        assertThat(dispatcher.dispatch(join)).isInstanceOf(Outcome.Duplicate.class);
        assertThat(runs).hasValue(1);
        assertThat(metrics.count(WorkerMetrics.DEDUPLICATED)).isEqualTo(1);
    }

    @Test
    void bugInHandlerFailsPermanentlyAtFirstTryAndMayRunAgainFromTheDeadLetterQueue() {
        AtomicInteger runs = new AtomicInteger();
        EventDispatcher dispatcher = dispatcher(Handlers.create().memberJoin(ctx -> {
            runs.incrementAndGet();
            throw new IllegalStateException("no such member");
        }));
        Envelope join = TestEnvelopes.memberJoin(GUILD_ID, "1");

        Outcome outcome = dispatcher.dispatch(join);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(failed.reason()).isEqualTo("IllegalStateException: no such member");
        });
        assertThat(dispatcher.dispatch(join)).isInstanceOf(Outcome.Failed.class);
        assertThat(runs).hasValue(2);
    }

    @Test
    void transientFailureIsRetriedWithBackoffUntilItSucceeds() {
        AtomicInteger runs = new AtomicInteger();
        Outcome outcome = dispatcher(Handlers.create().memberJoin(ctx -> {
            if (runs.incrementAndGet() < 3) {
                throw new RetryLaterException("database busy");
            }
        })).dispatch(TestEnvelopes.memberJoin(GUILD_ID, "1"));

        assertThat(outcome).isInstanceOf(Outcome.Handled.class);
        assertThat(runs).hasValue(3);
        assertThat(metrics.count(WorkerMetrics.RETRIES)).isEqualTo(2);
    }

    /**
     * On a clock that moves only when the dispatcher waits: the retries wait within the backoff
     * policy's bounds, and take no real time.
     */
    @Test
    void transientFailureWaitsTheBackoffPolicysDelaysBetweenTries() {
        MutableClock clock = new MutableClock(1_000_000);
        List<Duration> waits = new CopyOnWriteArrayList<>();
        DispatchOptions slowBackoff = new DispatchOptions("test-worker", Duration.ofMillis(1000), Duration.ofMillis(250),
                4, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), Backoff.Jitter.FULL), Duration.ofMinutes(15), Duration.ofMillis(200));
        InMemoryStateStore state = new InMemoryStateStore(clock);
        AtomicInteger runs = new AtomicInteger();
        EventDispatcher dispatcher = new EventDispatcher(Handlers.create().memberJoin(ctx -> {
            if (runs.incrementAndGet() < 4) {
                throw new RetryLaterException("database busy");
            }
        }), transport, rest, state, state, slowBackoff, metrics, clock, wait -> {
            waits.add(wait);
            clock.advance(wait);
        }, timers, StoreAvailability.alwaysAvailable("in-memory state", clock));

        assertThat(dispatcher.dispatch(TestEnvelopes.memberJoin(GUILD_ID, "1"))).isInstanceOf(Outcome.Handled.class);
        assertThat(runs).hasValue(4);
        assertThat(waits).hasSize(3);
        for (int attempt = 1; attempt <= 3; attempt++) {
            // full jitter: uniform below 1 s, 2 s, 4 s
            assertThat(waits.get(attempt - 1)).as("wait after try %d", attempt)
                    .isBetween(Duration.ZERO, Duration.ofSeconds(1L << (attempt - 1)));
        }
        assertThat(clock.millis()).as("the clock moved by the waits alone")
                .isEqualTo(1_000_000 + waits.stream().mapToLong(Duration::toMillis).sum());
    }

    /** A guild event a live worker is running elsewhere: polled for the bounded wait, on a stepped clock, then left to it. */
    @Test
    void guildEventAnotherWorkerRunsIsPolledForTheBoundedWaitThenLeftToIt() {
        MutableClock clock = new MutableClock(1_000_000);
        List<Duration> waits = new CopyOnWriteArrayList<>();
        InMemoryStateStore state = new InMemoryStateStore(clock);
        AtomicInteger claims = new AtomicInteger();
        EventLedger busyElsewhere = new EventLedger() {
            @Override
            public ClaimResult claim(String eventId, String owner) {
                claims.incrementAndGet();
                return ClaimResult.IN_PROGRESS;
            }

            @Override
            public void complete(String eventId, Duration retention) {
            }

            @Override
            public void release(String eventId, String owner) {
            }

            @Override
            public void heartbeat(String owner, Duration ttl) {
            }
        };
        AtomicInteger runs = new AtomicInteger();
        EventDispatcher dispatcher = new EventDispatcher(Handlers.create().memberJoin(ctx -> runs.incrementAndGet()),
                transport, rest, state, busyElsewhere, options, metrics, clock, wait -> {
                    waits.add(wait);
                    clock.advance(wait);
                }, timers, StoreAvailability.alwaysAvailable("in-memory state", clock));

        assertThat(dispatcher.dispatch(TestEnvelopes.memberJoin(GUILD_ID, "1"))).isInstanceOf(Outcome.InProgressElsewhere.class);
        // options.inProgressWait() is 200 ms, polled every 50 ms: the first claim, then four more
        assertThat(waits).containsOnly(Duration.ofMillis(50)).hasSize(4);
        assertThat(claims).hasValue(5);
        assertThat(runs).hasValue(0);
    }

    @Test
    void retryableDiscordErrorUsesEveryAttemptThenFails() {
        AtomicInteger runs = new AtomicInteger();
        Outcome outcome = dispatcher(Handlers.create().memberJoin(ctx -> {
            runs.incrementAndGet();
            throw new DiscordRestException("503", 503, 0, "PUT /guilds/{guild}/members/{user}/roles/{role}", true);
        })).dispatch(TestEnvelopes.memberJoin(GUILD_ID, "1"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.attempts()).isEqualTo(3);
        });
        assertThat(runs).hasValue(3);
    }

    @Test
    void slowCommandIsDeferredBeforeTheDeadlineAndItsReplyEditsTheLoadingMessage() throws Exception {
        CountDownLatch deferred = new CountDownLatch(1);
        // created 2.1 s ago: the defer time (3 s - 1 s margin) has passed, 0.9 s remain
        Envelope slow = TestEnvelopes.command("report", now() - 2_100);
        Handlers handlers = Handlers.create().command("report", ctx -> {
            await().atMost(Duration.ofSeconds(2)).until(() -> !transport.calls().isEmpty());
            deferred.countDown();
            ctx.reply("done");
        });

        Outcome outcome = dispatcher(handlers).dispatch(slow);

        assertThat(deferred.await(0, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome).isInstanceOf(Outcome.Handled.class);
        assertThat(transport.calls()).extracting(Call::kind, Call::json).containsExactly(
                org.assertj.core.groups.Tuple.tuple("callback", "{\"type\":5}"),
                org.assertj.core.groups.Tuple.tuple("editOriginal", "{\"content\":\"done\"}"));
        assertThat(metrics.count(WorkerMetrics.AUTO_DEFERRED)).isEqualTo(1);
    }

    @Test
    void slowCommandThatFailsAfterItsAutomaticDeferLeavesAnErrorTextInsteadOfTheLoadingMessage() {
        // created 2.1 s ago: the defer time has passed; the handler waits for the defer, then fails for good
        Envelope slow = TestEnvelopes.command("report", now() - 2_100);
        Outcome outcome = dispatcher(Handlers.create().command("report", ctx -> {
            await().atMost(Duration.ofSeconds(2)).until(() -> !transport.calls().isEmpty());
            throw new IllegalStateException("report service has a bug");
        })).dispatch(slow);

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(transport.calls()).extracting(Call::kind, Call::json).containsExactly(
                org.assertj.core.groups.Tuple.tuple("callback", "{\"type\":5}"),
                org.assertj.core.groups.Tuple.tuple("editOriginal", "{\"content\":\"" + InteractionSession.FAILURE_TEXT + "\"}"));
    }

    @Test
    void commandThatFailsBeforeAnyDeferSendsNothing() {
        Outcome outcome = dispatcher(Handlers.create().command("report", ctx -> {
            throw new IllegalStateException("bug");
        })).dispatch(TestEnvelopes.command("report", now()));

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(transport.calls()).isEmpty();
    }

    @Test
    void slowButtonIsDeferredWithTypeSixAndItsReplyBecomesAFollowUp() {
        Envelope click = TestEnvelopes.button("vote:yes", now() - 2_100);
        Handlers handlers = Handlers.create().button("vote:", ctx -> {
            await().atMost(Duration.ofSeconds(2)).until(() -> !transport.calls().isEmpty());
            ctx.reply("counted");
        });

        assertThat(dispatcher(handlers).dispatch(click)).isInstanceOf(Outcome.Handled.class);
        assertThat(transport.calls()).extracting(Call::kind, Call::json).containsExactly(
                org.assertj.core.groups.Tuple.tuple("callback", "{\"type\":6}"),
                org.assertj.core.groups.Tuple.tuple("followUp", "{\"content\":\"counted\"}"));
    }

    @Test
    void fastHandlerIsNeverDeferred() {
        Envelope ping = TestEnvelopes.command("ping", now());
        dispatcher(Handlers.create().command("ping", ctx -> ctx.reply("pong"))).dispatch(ping);
        assertThat(transport.calls()).extracting(Call::json).noneMatch(json -> json.startsWith("{\"type\":5"));
        assertThat(metrics.count(WorkerMetrics.AUTO_DEFERRED)).isZero();
    }

    @Test
    void autocompleteIsNeverDeferredAndAnswersWithChoices() {
        CountDownLatch waited = new CountDownLatch(1);
        Envelope typing = TestEnvelopes.autocomplete("city",
                "[{\"name\":\"name\",\"type\":3,\"value\":\"ar\",\"focused\":true}]", now() - 2_100);
        Handlers handlers = Handlers.create().autocomplete("city", ctx -> {
            // past the defer time, nothing may have been sent on our behalf
            assertThat(transport.calls()).isEmpty();
            waited.countDown();
            ctx.suggest(List.of(Choice.of("Arrakeen"), new Choice("Arsunt", "arsunt")));
        });

        assertThat(dispatcher(handlers).dispatch(typing)).isInstanceOf(Outcome.Handled.class);
        assertThat(waited.getCount()).isZero();
        assertThat(transport.calls()).extracting(Call::json).containsExactly(
                "{\"type\":8,\"data\":{\"choices\":[{\"name\":\"Arrakeen\",\"value\":\"Arrakeen\"},{\"name\":\"Arsunt\",\"value\":\"arsunt\"}]}}");
    }

    @Test
    void secondReplyBecomesAFollowUp() {
        Envelope ping = TestEnvelopes.command("ping", now());
        dispatcher(Handlers.create().command("ping", ctx -> {
            ctx.replyEphemeral("one");
            ctx.reply("two");
        })).dispatch(ping);
        assertThat(transport.calls()).extracting(Call::kind, Call::json).containsExactly(
                org.assertj.core.groups.Tuple.tuple("callback", "{\"type\":4,\"data\":{\"content\":\"one\",\"flags\":64}}"),
                org.assertj.core.groups.Tuple.tuple("followUp", "{\"content\":\"two\"}"));
    }

    @Test
    void followUpAfterFifteenMinutesIsRefusedWithoutSending() {
        long created = now();
        MutableClock clock = new MutableClock(created);
        Envelope command = TestEnvelopes.command("long", created);
        Outcome outcome = dispatcher(Handlers.create().command("long", ctx -> {
            ctx.defer();
            clock.advance(Duration.ofMinutes(15).plusMillis(1));
            ctx.followUp("too late");
        }), clock).dispatch(command);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Expired.class,
                expired -> assertThat(expired.reason()).startsWith("follow-up refused: the interaction token is 900 s old"));
        assertThat(transport.calls()).extracting(Call::kind).containsExactly("callback");
    }

    @Test
    void answerAcknowledgedByAnEarlierTryIsNotSentAgain() {
        transport.failNextCallback(new DiscordRestException("Interaction has already been acknowledged.", 400, 40060,
                "POST /interactions/{id}/{token}/callback", false));
        Outcome outcome = dispatcher(Handlers.create().command("ping", ctx -> ctx.reply("pong")))
                .dispatch(TestEnvelopes.command("ping", now()));
        assertThat(outcome).isInstanceOf(Outcome.Handled.class);
        // Discord is asked what acknowledged it: a final answer, so nothing more is sent.
        assertThat(transport.calls()).extracting(Call::kind).containsExactly("getOriginal");
    }

    @Test
    void answerThatFindsTheIngestorsLoadingMessageFinishesIt() {
        transport.failNextCallback(new DiscordRestException("Interaction has already been acknowledged.", 400, 40060,
                "POST /interactions/{id}/{token}/callback", false));
        transport.originalMessageIs("{\"id\":\"1\",\"content\":\"\",\"flags\":128}");
        Outcome outcome = dispatcher(Handlers.create().command("ping", ctx -> ctx.reply("pong")))
                .dispatch(TestEnvelopes.command("ping", now()));
        assertThat(outcome).isInstanceOf(Outcome.Handled.class);
        assertThat(transport.calls()).extracting(Call::kind).containsExactly("getOriginal", "editOriginal");
        assertThat(transport.calls().get(1).json()).contains("pong");
    }

    @Test
    void interactionTheIngestorDeferredIsFinishedEvenPastItsThreeSeconds() {
        Outcome outcome = dispatcher(Handlers.create().command("ping", ctx -> ctx.reply("pong")))
                .dispatch(TestEnvelopes.command("ping", now() - 30_000), true);
        assertThat(outcome).isInstanceOf(Outcome.Handled.class);
        assertThat(transport.calls()).extracting(Call::kind).containsExactly("editOriginal");
    }

    @Test
    void interactionNotDeferredIsExpiredPastItsThreeSeconds() {
        Outcome outcome = dispatcher(Handlers.create().command("ping", ctx -> ctx.reply("pong")))
                .dispatch(TestEnvelopes.command("ping", now() - 30_000), false);
        assertThat(outcome).isInstanceOf(Outcome.Expired.class);
        assertThat(transport.calls()).isEmpty();
    }

    /**
     * After a broker restart the same event can reach one worker twice at once: the copy the broker
     * kept and the one the ingestor republished because its confirm was lost. The ledger in Redis
     * lets the claim's owner claim again (a worker restarted under the same id takes up its own
     * unfinished events), so the second copy must wait for the first here, not run beside it.
     */
    @Test
    void secondCopyOfAnInteractionThisWorkerIsRunningWaitsForItAndIsADuplicate() throws Exception {
        InMemoryStateStore state = new InMemoryStateStore(Clock.systemUTC());
        java.util.Map<String, String> claims = new java.util.concurrent.ConcurrentHashMap<>();
        EventLedger ownerMayClaimAgain = new EventLedger() { // RedisStateStore's claim: free, done, ours, busy
            @Override
            public ClaimResult claim(String eventId, String owner) {
                String before = claims.putIfAbsent(eventId, "p:" + owner);
                return before == null || before.equals("p:" + owner) ? ClaimResult.CLAIMED
                        : before.equals("done") ? ClaimResult.ALREADY_DONE : ClaimResult.IN_PROGRESS;
            }

            @Override
            public void complete(String eventId, Duration retention) {
                claims.put(eventId, "done");
            }

            @Override
            public void release(String eventId, String owner) {
                claims.remove(eventId, "p:" + owner);
            }

            @Override
            public void heartbeat(String owner, Duration ttl) {
            }
        };
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        EventDispatcher dispatcher = new EventDispatcher(Handlers.create().command("ping", ctx -> {
            runs.incrementAndGet();
            running.countDown();
            release.await();
            ctx.reply("pong");
        }), transport, rest, state, ownerMayClaimAgain, options, metrics, Clock.systemUTC(), timers);
        Envelope ping = TestEnvelopes.command("ping", now());

        var threads = Executors.newVirtualThreadPerTaskExecutor();
        var first = threads.submit(() -> dispatcher.dispatch(ping));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        var second = threads.submit(() -> dispatcher.dispatch(ping));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !second.isDone());
        release.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isInstanceOf(Outcome.Handled.class);
        assertThat(second.get(5, TimeUnit.SECONDS)).isInstanceOf(Outcome.Duplicate.class);
        assertThat(runs).hasValue(1);
        assertThat(transport.calls()).extracting(Call::kind).containsExactly("callback");
        threads.close();
    }

    /** A dispatcher whose ledger says a worker that no longer heartbeats had claimed the event. */
    private EventDispatcher takingOver(Handlers handlers, Envelope envelope) {
        InMemoryStateStore state = new InMemoryStateStore(Clock.systemUTC());
        EventLedger crashedOwner = new EventLedger() {
            @Override
            public ClaimResult claim(String eventId, String owner) {
                return eventId.equals(envelope.eventId()) ? ClaimResult.TAKEN_OVER : state.claim(eventId, owner);
            }

            @Override
            public void complete(String eventId, Duration retention) {
                state.complete(eventId, retention);
            }

            @Override
            public void release(String eventId, String owner) {
                state.release(eventId, owner);
            }

            @Override
            public void heartbeat(String owner, Duration ttl) {
            }
        };
        return new EventDispatcher(handlers, transport, rest, state, crashedOwner, options, metrics, Clock.systemUTC(), timers);
    }

    @Test
    void takeoverOfACommandTheCrashedWorkerAnsweredSendsNothing() {
        AtomicInteger runs = new AtomicInteger();
        Envelope ping = TestEnvelopes.command("ping", now());
        transport.originalMessageIs("{\"id\":\"9\",\"content\":\"pong\",\"flags\":0}");

        Outcome outcome = takingOver(Handlers.create().command("ping", ctx -> {
            runs.incrementAndGet();
            ctx.reply("pong");
        }), ping).dispatch(ping);

        assertThat(outcome).isInstanceOf(Outcome.Duplicate.class);
        assertThat(runs).hasValue(0);
        assertThat(transport.calls()).extracting(Call::kind).containsExactly("getOriginal");
        assertThat(metrics.count(WorkerMetrics.DEDUPLICATED)).isEqualTo(1);
    }

    @Test
    void takeoverOfACommandLeftLoadingRunsTheHandlerAndItsReplyFinishesTheLoadingMessage() {
        Envelope slow = TestEnvelopes.command("harvest", now());
        transport.originalMessageIs("{\"id\":\"9\",\"content\":\"\",\"flags\":128}");

        Outcome outcome = takingOver(Handlers.create().command("harvest", ctx -> ctx.reply("harvested")), slow).dispatch(slow);

        assertThat(outcome).isInstanceOf(Outcome.Handled.class);
        assertThat(transport.calls()).extracting(Call::kind).containsExactly("getOriginal", "editOriginal");
        assertThat(transport.calls().get(1).json()).isEqualTo("{\"content\":\"harvested\"}");
    }

    @Test
    void takeoverOfACommandNeverAnsweredRunsTheHandler() {
        Envelope ping = TestEnvelopes.command("ping", now());

        Outcome outcome = takingOver(Handlers.create().command("ping", ctx -> ctx.reply("pong")), ping).dispatch(ping);

        assertThat(outcome).isInstanceOf(Outcome.Handled.class);
        assertThat(transport.calls()).extracting(Call::kind).containsExactly("getOriginal", "callback");
    }

    @Test
    void takeoverOfAButtonDoesNotReadBackItsMessageAndRunsTheHandler() {
        Envelope button = TestEnvelopes.button("travel:go:Arrakeen", now());
        transport.originalMessageIs("{\"id\":\"9\",\"content\":\"the message the button is on\",\"flags\":0}");

        Outcome outcome = takingOver(Handlers.create().button("travel:", ctx -> ctx.update("{\"content\":\"gone\"}")), button)
                .dispatch(button);

        assertThat(outcome).isInstanceOf(Outcome.Handled.class);
        assertThat(transport.calls()).extracting(Call::kind).containsExactly("callback");
    }

    @Test
    void unknownInteractionFromDiscordCountsAsExpired() {
        transport.failNextCallback(new DiscordRestException("Unknown interaction", 404, 10062,
                "POST /interactions/{id}/{token}/callback", false));
        Outcome outcome = dispatcher(Handlers.create().command("ping", ctx -> ctx.reply("pong")))
                .dispatch(TestEnvelopes.command("ping", now()));
        assertThat(outcome).isInstanceOf(Outcome.Expired.class);
        assertThat(metrics.count(WorkerMetrics.INTERACTIONS_EXPIRED)).isEqualTo(1);
    }

    @Test
    void theFirstAnswerIsSentWithinTheInteractionsDeadline() {
        Envelope ping = TestEnvelopes.command("ping", now());
        dispatcher(Handlers.create().command("ping", ctx -> ctx.reply("pong"))).dispatch(ping);

        InteractionDeadline deadline = InteractionDeadline.of(ping.interactionId(), options.autoDeferMargin(),
                options.minimumWindow());
        assertThat(transport.callbackDeadlines()).containsExactly(deadline.firstAnswerDeadline());
    }

    @Test
    void aFirstAnswerTheRestClientCouldNotSendBeforeTheDeadlineCountsAsExpired() {
        transport.failNextCallback(new SendDeadlinePassedException("POST /interactions/{id}/{token}/callback not sent: "
                + "its deadline passed before the attempt could start (last answer 502)", 502,
                "POST /interactions/{id}/{token}/callback", null));
        Outcome outcome = dispatcher(Handlers.create().command("ping", ctx -> ctx.reply("pong")))
                .dispatch(TestEnvelopes.command("ping", now()));

        assertThat(outcome).isInstanceOf(Outcome.Expired.class);
        assertThat(metrics.count(WorkerMetrics.INTERACTIONS_EXPIRED)).isEqualTo(1);
        assertThat(transport.calls()).isEmpty();
    }

    @Test
    void onceAFirstAnswerRanOutOfTimeTheAutomaticDeferSendsNothing() {
        Envelope ping = TestEnvelopes.command("ping", now() - 2_100);
        InteractionDeadline deadline = InteractionDeadline.of(ping.interactionId(), options.autoDeferMargin(),
                options.minimumWindow());
        InteractionSession session = new InteractionSession(ping, deadline, transport, rest,
                new InMemoryStateStore(Clock.systemUTC()), Clock.systemUTC(), metrics);
        transport.failNextCallback(new SendDeadlinePassedException("POST /interactions/{id}/{token}/callback not sent: "
                + "waiting 200 ms for the retry after a failed attempt would end past its deadline", 0,
                "POST /interactions/{id}/{token}/callback", null));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.reply("pong"))
                .isInstanceOf(community.arrakis.gatewayproxy.worker.handler.InteractionExpiredException.class);
        session.autoDefer(); // it was waiting for the lock the failed answer held; some of the window is left

        assertThat(transport.callbackDeadlines()).as("callbacks tried").hasSize(1);
        assertThat(transport.calls()).isEmpty();
        assertThat(session.retryPossible()).isFalse();
        assertThat(session.firstAnswerWindowClosed()).isTrue();
    }

    @Test
    void discordFailingUntilTheWindowClosesExpiresTheInteractionInsteadOfFailingIt() {
        // created 1 s ago; the callback's tries (all 502) take 1.8 s: the time to send a first answer is over
        AtomicInteger runs = new AtomicInteger();
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        Outcome outcome = dispatcher(Handlers.create().command("ping", ctx -> {
            runs.incrementAndGet();
            clock.advance(Duration.ofMillis(1_800));
            throw new DiscordRestException("POST /interactions/{id}/{token}/callback failed: 502", 502, 0,
                    "POST /interactions/{id}/{token}/callback", true);
        }), clock).dispatch(TestEnvelopes.command("ping", clock.millis() - 1_000));

        assertThat(outcome).isInstanceOf(Outcome.Expired.class);
        assertThat(runs).hasValue(1);
        assertThat(metrics.count(WorkerMetrics.INTERACTIONS_EXPIRED)).isEqualTo(1);
    }

    @Test
    void answeredInteractionIsNotRetriedEvenWhenTheHandlerFailsAfterwards() {
        AtomicInteger runs = new AtomicInteger();
        Outcome outcome = dispatcher(Handlers.create().command("ping", ctx -> {
            runs.incrementAndGet();
            ctx.reply("pong");
            throw new RetryLaterException("audit log down");
        })).dispatch(TestEnvelopes.command("ping", now()));

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(runs).hasValue(1);
        assertThat(transport.calls()).hasSize(1);
    }

    @Test
    void buttonOpensAModalAndTheSubmittedValuesAreReadable() {
        Envelope click = TestEnvelopes.button("feedback:open", now());
        Envelope submit = TestEnvelopes.modalSubmit("feedback:form",
                "[{\"type\":18,\"id\":1,\"component\":{\"type\":4,\"id\":2,\"custom_id\":\"text\",\"value\":\"great\"}},"
                        + "{\"type\":1,\"components\":[{\"type\":4,\"custom_id\":\"score\",\"value\":\"5\"}]}]", now());
        EventDispatcher dispatcher = dispatcher(Handlers.create()
                .button("feedback:", ctx -> ctx.openModal(Modal.create("feedback:form", "Feedback").paragraphInput("text", "Your words", true)))
                .modal("feedback:", ctx -> ctx.replyEphemeral(ctx.modalValues().get("text") + "/" + ctx.modalValues().get("score"))));

        assertThat(dispatcher.dispatch(click)).isInstanceOf(Outcome.Handled.class);
        assertThat(dispatcher.dispatch(submit)).isInstanceOf(Outcome.Handled.class);
        assertThat(transport.calls()).extracting(Call::json).containsExactly(
                "{\"type\":9,\"data\":{\"custom_id\":\"feedback:form\",\"title\":\"Feedback\",\"components\":[{\"type\":18,"
                        + "\"label\":\"Your words\",\"component\":{\"type\":4,\"custom_id\":\"text\",\"style\":2,\"required\":true}}]}}",
                "{\"type\":4,\"data\":{\"content\":\"great/5\",\"flags\":64}}");
    }

    @Test
    void selectHandlerSeesTheChosenValues() {
        Envelope choose = TestEnvelopes.select("colour", "[\"red\",\"blue\"]", now());
        dispatcher(Handlers.create().select("colour", ctx -> ctx.reply(String.join(",", ctx.values())))).dispatch(choose);
        assertThat(transport.calls()).extracting(Call::json).containsExactly("{\"type\":4,\"data\":{\"content\":\"red,blue\"}}");
    }

    @Test
    void guildEventHandlerSeesIdsAndPayload() {
        Envelope update = TestEnvelopes.memberUpdate(GUILD_ID, "42");
        StringBuilder seen = new StringBuilder();
        dispatcher(Handlers.create().memberUpdate(ctx ->
                seen.append(ctx.guildId()).append('/').append(ctx.userId()).append('/').append(ctx.payload().path("roles").isArray())))
                .dispatch(update);
        assertThat(seen).hasToString(GUILD_ID + "/42/true");
    }

    // --- the state store (Redis) unusable ---------------------------------------------------------

    /** An in-memory ledger whose claims and "done" records can be made to find the store unusable. */
    private static final class FlakyLedger implements EventLedger {
        final InMemoryStateStore state = new InMemoryStateStore(Clock.systemUTC());
        volatile boolean claimsFail;
        final AtomicInteger completionsToFail = new AtomicInteger();
        final AtomicInteger completions = new AtomicInteger();
        final List<String> released = new CopyOnWriteArrayList<>();

        @Override
        public ClaimResult claim(String eventId, String owner) {
            if (claimsFail) {
                throw redisDown();
            }
            return state.claim(eventId, owner);
        }

        @Override
        public void complete(String eventId, Duration retention) {
            completions.incrementAndGet();
            if (completionsToFail.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                throw redisDown();
            }
            state.complete(eventId, retention);
        }

        @Override
        public void release(String eventId, String owner) {
            released.add(eventId);
            state.release(eventId, owner);
        }

        @Override
        public void heartbeat(String owner, Duration ttl) {
        }
    }

    private static StateUnavailableException redisDown() {
        return new StateUnavailableException("RedisConnectionException: connection refused", null);
    }

    /** Probed every 10 ms on the test's timers; {@code answers} says whether the probe finds it back. */
    private StoreAvailability redis(AtomicBoolean answers) {
        return new StoreAvailability("Redis", answers::get, timers, Duration.ofMillis(10), Clock.systemUTC());
    }

    private EventDispatcher dispatcher(Handlers handlers, FlakyLedger ledger, StoreAvailability availability) {
        return new EventDispatcher(handlers, transport, rest, ledger.state, ledger, options, metrics, Clock.systemUTC(),
                timers, availability);
    }

    @Test
    void interactionWhoseClaimFindsTheStoreUnusableIsStoreUnavailableAndItsHandlerDoesNotRun() {
        AtomicInteger runs = new AtomicInteger();
        FlakyLedger ledger = new FlakyLedger();
        ledger.claimsFail = true;
        StoreAvailability availability = redis(new AtomicBoolean(false));

        Outcome outcome = dispatcher(Handlers.create().command("ping", ctx -> {
            runs.incrementAndGet();
            ctx.reply("pong");
        }), ledger, availability).dispatch(TestEnvelopes.command("ping", now()));

        assertThat(outcome).isEqualTo(new Outcome.StoreUnavailable("RedisConnectionException: connection refused"));
        assertThat(runs).hasValue(0);
        assertThat(transport.calls()).isEmpty();
        assertThat(availability.available()).as("the dispatcher reported the outage").isFalse();
        assertThat(metrics.count(WorkerMetrics.PROCESSED, "type", "interaction.command", "outcome", "store_unavailable"))
                .isEqualTo(1);
    }

    @Test
    void guildEventWhoseClaimFindsTheStoreUnusableIsStoreUnavailableAndItsHandlerDoesNotRun() {
        AtomicInteger runs = new AtomicInteger();
        FlakyLedger ledger = new FlakyLedger();
        ledger.claimsFail = true;
        StoreAvailability availability = redis(new AtomicBoolean(false));

        Outcome outcome = dispatcher(Handlers.create().memberJoin(ctx -> runs.incrementAndGet()), ledger, availability)
                .dispatch(TestEnvelopes.memberJoin(GUILD_ID, "1"));

        assertThat(outcome).isInstanceOf(Outcome.StoreUnavailable.class);
        assertThat(runs).hasValue(0);
        assertThat(availability.available()).isFalse();
    }

    @Test
    void interactionHandlerThatFindsTheStoreUnusableBeforeAnsweringIsStoreUnavailableNotFailed() {
        AtomicInteger runs = new AtomicInteger();
        FlakyLedger ledger = new FlakyLedger();
        StoreAvailability availability = redis(new AtomicBoolean(false));
        Envelope command = TestEnvelopes.command("cooldown", now());

        Outcome outcome = dispatcher(Handlers.create().command("cooldown", ctx -> {
            runs.incrementAndGet();
            throw redisDown(); // e.g. its cooldown lookup, before any answer
        }), ledger, availability).dispatch(command);

        assertThat(outcome).isInstanceOf(Outcome.StoreUnavailable.class);
        assertThat(runs).as("not retried here: another delivery, maybe on another worker, answers it").hasValue(1);
        assertThat(transport.calls()).isEmpty();
        assertThat(ledger.released).as("the claim is given up so that a redelivery may run it")
                .containsExactly(command.eventId());
        assertThat(availability.available()).isFalse();
    }

    @Test
    void interactionHandlerThatFindsTheStoreUnusableAfterAnsweringIsFailedNotReturned() {
        AtomicInteger runs = new AtomicInteger();
        FlakyLedger ledger = new FlakyLedger();

        Outcome outcome = dispatcher(Handlers.create().command("ping", ctx -> {
            runs.incrementAndGet();
            ctx.reply("pong");
            throw redisDown();
        }), ledger, redis(new AtomicBoolean(false))).dispatch(TestEnvelopes.command("ping", now()));

        assertThat(outcome).as("another run would answer twice").isInstanceOf(Outcome.Failed.class);
        assertThat(runs).hasValue(1);
        assertThat(transport.calls()).hasSize(1);
    }

    @Test
    void guildHandlerThatFindsTheStoreUnusableIsStoreUnavailableAndRunsAgainOnceItAnswers() {
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean redisUp = new AtomicBoolean(false);
        FlakyLedger ledger = new FlakyLedger();
        StoreAvailability availability = redis(redisUp);
        EventDispatcher dispatcher = dispatcher(Handlers.create().memberJoin(ctx -> {
            if (runs.incrementAndGet() == 1) {
                // wrapped by the handler's own code: the cause still says what happened
                throw new IllegalStateException("could not read the welcome settings", redisDown());
            }
        }), ledger, availability);
        Envelope join = TestEnvelopes.memberJoin(GUILD_ID, "1");

        Outcome outcome = dispatcher.dispatch(join);

        assertThat(outcome).isEqualTo(new Outcome.StoreUnavailable("RedisConnectionException: connection refused"));
        assertThat(runs).as("not retried with backoff while the store is down").hasValue(1);
        assertThat(ledger.released).containsExactly(join.eventId());
        assertThat(availability.available()).isFalse();
        assertThat(metrics.count(WorkerMetrics.RETRIES)).isZero();

        redisUp.set(true);
        await().atMost(Duration.ofSeconds(5)).until(availability::available);
        assertThat(dispatcher.dispatch(join)).as("released, so not a duplicate").isInstanceOf(Outcome.Handled.class);
        assertThat(runs).hasValue(2);
    }

    @Test
    void handledEventWhoseDoneRecordFindsTheStoreUnusableIsRecordedOnceTheStoreAnswersAgain() {
        AtomicInteger runs = new AtomicInteger();
        FlakyLedger ledger = new FlakyLedger();
        ledger.completionsToFail.set(1);
        StoreAvailability availability = redis(new AtomicBoolean(true)); // back at the first probe
        EventDispatcher dispatcher = dispatcher(Handlers.create().memberJoin(ctx -> runs.incrementAndGet()), ledger,
                availability);
        Envelope join = TestEnvelopes.memberJoin(GUILD_ID, "1");

        Outcome outcome = dispatcher.dispatch(join);

        assertThat(outcome).isInstanceOf(Outcome.Handled.class);
        assertThat(ledger.completions).hasValue(2);
        assertThat(runs).hasValue(1);
        assertThat(ledger.released).isEmpty();
        assertThat(availability.available()).isTrue();
        assertThat(dispatcher.dispatch(join)).as("the record was written").isInstanceOf(Outcome.Duplicate.class);
        assertThat(runs).hasValue(1);
    }
}
