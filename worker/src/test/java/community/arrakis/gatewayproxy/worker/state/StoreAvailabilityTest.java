package community.arrakis.gatewayproxy.worker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.testkit.MutableClock;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link StoreAvailability} with a real single-thread scheduler probing every 10 ms. */
class StoreAvailabilityTest {

    private static final Duration PROBE_EVERY = Duration.ofMillis(10);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor();
    private final MutableClock clock = new MutableClock(1_767_225_600_000L);
    private final AtomicInteger probes = new AtomicInteger();
    /** What the probe answers; false (still down) until a test says otherwise. */
    private volatile BooleanSupplier store = () -> false;
    private final StoreAvailability availability = new StoreAvailability("Redis", () -> {
        probes.incrementAndGet();
        return store.getAsBoolean();
    }, timers, PROBE_EVERY, clock);
    private final RecordingListener listener = new RecordingListener();

    @AfterEach
    void stop() {
        timers.shutdownNow();
        waiters.shutdownNow();
    }

    @Test
    void startsAvailable() throws Exception {
        assertThat(availability.state()).isInstanceOf(StoreAvailability.State.Available.class);
        assertThat(availability.available()).isTrue();
        assertThat(availability.awaitAvailable(Duration.ZERO)).isTrue();
        assertThat(availability.name()).isEqualTo("Redis");
        assertThat(probes).hasValue(0);
    }

    @Test
    void firstFailureMakesItUnavailableSinceThenWithItsReasonAndTellsListenersOnlyOnce() {
        availability.addListener(listener);
        Instant firstFailure = clock.instant();

        availability.failed(new StateUnavailableException("RedisConnectionException: connection refused", null));
        clock.advance(Duration.ofSeconds(5));
        availability.failed(new StateUnavailableException("RedisCommandTimeoutException: 2 s", null));
        availability.failed(new StateUnavailableException("RedisLoadingException: loading", null));

        assertThat(availability.available()).isFalse();
        assertThat(availability.state()).isEqualTo(
                new StoreAvailability.State.Unavailable(firstFailure, "RedisConnectionException: connection refused"));
        assertThat(listener.events).containsExactly("unavailable: RedisConnectionException: connection refused");
    }

    @Test
    void failureWithoutAMessageIsNamedByItsExceptionClass() {
        availability.failed(new ConnectException());

        assertThat(availability.state()).isInstanceOfSatisfying(StoreAvailability.State.Unavailable.class,
                down -> assertThat(down.reason()).isEqualTo("ConnectException"));
    }

    @Test
    void probeThatDoesNotAnswerKeepsItUnavailableAndProbesAgain() {
        availability.addListener(listener);
        availability.failed(new StateUnavailableException("down", null));

        await().atMost(WAIT).until(() -> probes.get() >= 3);
        assertThat(availability.available()).isFalse();
        assertThat(listener.events).containsExactly("unavailable: down");
    }

    @Test
    void probeThatThrowsCountsAsNotAnswering() {
        store = () -> {
            throw new IllegalStateException("LOADING Redis is loading the dataset in memory");
        };
        availability.failed(new StateUnavailableException("down", null));

        await().atMost(WAIT).until(() -> probes.get() >= 3);
        assertThat(availability.available()).isFalse();
    }

    @Test
    void probeThatAnswersMakesItAvailableTellsListenersOnceAndWakesEveryWaiter() throws Exception {
        availability.addListener(listener);
        availability.failed(new StateUnavailableException("down", null));
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(this::awaitAvailableForTenSeconds, waiters);
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(this::awaitAvailableForTenSeconds, waiters);
        await().atMost(WAIT).until(() -> probes.get() >= 2);
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();

        clock.advance(Duration.ofMillis(700));
        store = () -> true;

        assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(availability.state()).isInstanceOf(StoreAvailability.State.Available.class);
        await().atMost(WAIT).until(() -> listener.events.size() == 2); // announced just after the waiters woke
        assertThat(listener.events).containsExactly("unavailable: down", "available");
        // No more probes once it answered: a task due after three more probe intervals runs after any pending one.
        int probesWhenAvailable = probes.get();
        timers.schedule(() -> { }, PROBE_EVERY.toMillis() * 3, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
        assertThat(probes).hasValue(probesWhenAvailable);
        assertThat(listener.events).containsExactly("unavailable: down", "available");
    }

    @Test
    void awaitAvailableReturnsFalseWhenTheStoreStaysDown() throws Exception {
        availability.failed(new StateUnavailableException("down", null));

        assertThat(availability.awaitAvailable(Duration.ofMillis(100))).isFalse();
        assertThat(availability.awaitAvailable(Duration.ZERO)).isFalse();
        assertThat(availability.available()).isFalse();
    }

    @Test
    void outageAfterARecoveryIsAnnouncedAgainWithItsOwnStart() {
        availability.addListener(listener);
        availability.failed(new StateUnavailableException("first", null));
        store = () -> true;
        await().atMost(WAIT).until(() -> listener.events.size() == 2);
        assertThat(availability.available()).isTrue();

        store = () -> false;
        clock.advance(Duration.ofMinutes(1));
        Instant secondFailure = clock.instant();
        availability.failed(new StateUnavailableException("second", null));

        assertThat(availability.state()).isEqualTo(new StoreAvailability.State.Unavailable(secondFailure, "second"));
        assertThat(listener.events).containsExactly("unavailable: first", "available", "unavailable: second");
        store = () -> true;
        await().atMost(WAIT).until(() -> listener.events.size() == 4);
        assertThat(availability.available()).isTrue();
        assertThat(listener.events).containsExactly("unavailable: first", "available", "unavailable: second", "available");
    }

    @Test
    void listenerThatThrowsNeitherHidesTheChangeFromTheOthersNorStopsTheProbe() {
        availability.addListener(new StoreAvailability.Listener() {
            @Override
            public void unavailable(String reason) {
                throw new IllegalStateException("cannot pause");
            }

            @Override
            public void available() {
                throw new IllegalStateException("cannot resume");
            }
        });
        availability.addListener(listener);

        availability.failed(new StateUnavailableException("down", null));
        assertThat(listener.events).containsExactly("unavailable: down");
        store = () -> true;
        await().atMost(WAIT).until(() -> listener.events.size() == 2);
        assertThat(availability.available()).isTrue();
        assertThat(listener.events).containsExactly("unavailable: down", "available");
    }

    @Test
    void alwaysAvailableStoreIsAvailableAgainAsSoonAsAFailureIsReported() {
        StoreAvailability inMemory = StoreAvailability.alwaysAvailable("in-memory state", clock);
        inMemory.addListener(listener);

        inMemory.failed(new StateUnavailableException("cannot happen, but reported", null));

        assertThat(inMemory.available()).isTrue();
        assertThat(listener.events).containsExactly("unavailable: cannot happen, but reported", "available");
    }

    /**
     * A new outage reported while the end of the previous one is being announced must be announced
     * after it: a consumer told "available" last would take deliveries while the store is down.
     */
    @Test
    void outageReportedWhileTheRecoveryIsBeingAnnouncedIsAnnouncedAfterIt() throws Exception {
        CountDownLatch announcingRecovery = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        availability.addListener(new StoreAvailability.Listener() {
            @Override
            public void unavailable(String reason) {
            }

            @Override
            public void available() {
                announcingRecovery.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        availability.addListener(listener); // told after the slow one
        availability.failed(new StateUnavailableException("first", null));
        store = () -> true;
        assertThat(announcingRecovery.await(5, TimeUnit.SECONDS)).isTrue();

        store = () -> false;
        Thread reporter = Thread.ofPlatform().start(() -> availability.failed(new StateUnavailableException("second", null)));
        // done, or waiting for the announcement in progress to end
        await().atMost(WAIT).until(() -> !reporter.isAlive() || reporter.getState() == Thread.State.WAITING);
        release.countDown();
        reporter.join(5_000);

        assertThat(reporter.isAlive()).isFalse();
        await().atMost(WAIT).until(() -> listener.events.size() == 3);
        assertThat(availability.available()).isFalse();
        assertThat(listener.events).containsExactly("unavailable: first", "available", "unavailable: second");
    }

    private boolean awaitAvailableForTenSeconds() {
        try {
            return availability.awaitAvailable(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final class RecordingListener implements StoreAvailability.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void unavailable(String reason) {
            events.add("unavailable: " + reason);
        }

        @Override
        public void available() {
            events.add("available");
        }
    }
}
