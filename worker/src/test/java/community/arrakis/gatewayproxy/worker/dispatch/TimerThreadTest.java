package community.arrakis.gatewayproxy.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimerThreadTest {

    @Test
    void aCancelledTaskLeavesTheQueueAtOnceAndTheOthersStillRun() throws InterruptedException {
        ScheduledExecutorService timers = TimerThread.start("timer-test");
        try {
            // As an interaction answered in time: its automatic defer is scheduled, then cancelled.
            ScheduledFuture<?> autoDefer = timers.schedule(() -> { }, 1, TimeUnit.HOURS);
            assertThat(((ScheduledThreadPoolExecutor) timers).getQueue()).hasSize(1);
            autoDefer.cancel(false);
            assertThat(((ScheduledThreadPoolExecutor) timers).getQueue()).isEmpty();

            CountDownLatch ran = new CountDownLatch(1);
            timers.schedule(ran::countDown, 1, TimeUnit.MILLISECONDS);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            timers.shutdownNow();
        }
    }
}
