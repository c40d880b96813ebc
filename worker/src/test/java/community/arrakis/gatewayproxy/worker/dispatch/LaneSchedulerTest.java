package community.arrakis.gatewayproxy.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LaneSchedulerTest {

    @Test
    void eventsOfOneGuildRunInOrderWhileGuildsRunInParallel() throws Exception {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> runningPerGuild = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxParallel = new AtomicInteger();
        AtomicInteger overlapsInOneGuild = new AtomicInteger();
        try (LaneScheduler scheduler = new LaneScheduler(8, "test")) {
            for (int i = 0; i < 20; i++) {
                for (int g = 0; g < 50; g++) {
                    String guild = "g" + g;
                    int n = i;
                    scheduler.submitOrdered(guild, () -> {
                        if (runningPerGuild.computeIfAbsent(guild, k -> new AtomicInteger()).incrementAndGet() > 1) {
                            overlapsInOneGuild.incrementAndGet();
                        }
                        maxParallel.accumulateAndGet(running.incrementAndGet(), Math::max);
                        busyWork();
                        seen.computeIfAbsent(guild, k -> new CopyOnWriteArrayList<>()).add(n);
                        running.decrementAndGet();
                        runningPerGuild.get(guild).decrementAndGet();
                    });
                }
            }
            assertThat(scheduler.awaitIdle(30, TimeUnit.SECONDS)).isTrue();
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(i);
        }
        assertThat(seen).hasSize(50);
        seen.values().forEach(order -> assertThat(order).containsExactlyElementsOf(expected));
        assertThat(overlapsInOneGuild).hasValue(0);
        assertThat(maxParallel.get()).isGreaterThan(1);
    }

    @Test
    void waitingInteractionTakesTheNextFreeSlotAheadOfEarlierGuildEvents() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blockerStarted = new CountDownLatch(1);
        try (LaneScheduler scheduler = new LaneScheduler(1, "test")) {
            scheduler.submitOrdered("blocker", () -> {
                blockerStarted.countDown();
                awaitQuietly(release);
            });
            assertThat(blockerStarted.await(5, TimeUnit.SECONDS)).isTrue();
            scheduler.submitOrdered("g1", () -> order.add("join"));
            scheduler.submitOrdered("g2", () -> order.add("leave"));
            scheduler.submitInteraction(() -> order.add("interaction"));
            assertThat(scheduler.queued()).isEqualTo(3);
            release.countDown();
            assertThat(scheduler.awaitIdle(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(order).containsExactly("interaction", "join", "leave");
    }

    @Test
    void aFailingTaskDoesNotStopItsLane() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        try (LaneScheduler scheduler = new LaneScheduler(2, "test")) {
            scheduler.submitOrdered("g", () -> {
                throw new IllegalStateException("boom");
            });
            scheduler.submitOrdered("g", () -> order.add("after"));
            assertThat(scheduler.awaitIdle(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(order).containsExactly("after");
    }

    private static void busyWork() {
        long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(20_000, 200_000);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
