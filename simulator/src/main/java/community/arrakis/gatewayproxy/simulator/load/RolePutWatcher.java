package community.arrakis.gatewayproxy.simulator.load;

import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.RequestLog;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the role PUTs a bot makes for members who joined, as they happen, by draining the request
 * log on a thread of its own.
 *
 * <p>Why draining: the log is an append-only list; filtering it for each join would cost O(log
 * size) per join, quadratic over a run. Taking everything recorded since the last look and clearing
 * the log costs O(1) per request and keeps memory flat on long runs. The log's methods synchronize
 * on the log itself and {@code add} notifies it, so holding its monitor makes take-and-clear atomic
 * (no request slips in between) and {@code wait} wakes the watcher on the next request rather than
 * on a polling tick. The wait is bounded all the same, so a log that stopped notifying would only
 * make the watcher slower, never stuck.
 */
final class RolePutWatcher implements AutoCloseable {
    static final String MEMBER_ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";

    private static final Logger LOG = LoggerFactory.getLogger(RolePutWatcher.class);
    private static final long MAX_WAIT_MILLIS = 20;

    /** Told about every role PUT; {@code seenNanos} is {@link System#nanoTime()} when the watcher saw it. */
    @FunctionalInterface
    interface Listener {
        void onRolePut(String guildId, String userId, int status, long receivedClockMillis, long seenNanos);
    }

    private final RequestLog log;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean running = true;

    private RolePutWatcher(RequestLog log, Listener listener) {
        this.log = log;
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name("load-role-put-watcher").unstarted(this::watch);
    }

    static RolePutWatcher start(RequestLog log, Listener listener) {
        RolePutWatcher watcher = new RolePutWatcher(log, listener);
        watcher.thread.start();
        return watcher;
    }

    private void watch() {
        try {
            while (running) {
                inspect(take(true));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("The load driver stopped watching role PUTs; joins answered from now on count as lost", e);
        }
    }

    private List<RecordedRequest> take(boolean wait) throws InterruptedException {
        synchronized (log) {
            if (wait && log.size() == 0) {
                log.wait(MAX_WAIT_MILLIS);
            }
            if (log.size() == 0) {
                return List.of();
            }
            List<RecordedRequest> batch = log.all();
            log.clear();
            return batch;
        }
    }

    private void inspect(List<RecordedRequest> batch) {
        long seen = System.nanoTime();
        for (RecordedRequest request : batch) {
            if (request.is("PUT", MEMBER_ROLE_ROUTE)) {
                String guildId = request.pathParams().get("guild_id");
                String userId = request.pathParams().get("user_id");
                if (guildId != null && userId != null) {
                    listener.onRolePut(guildId, userId, request.status(), request.receivedAt().toEpochMilli(), seen);
                }
            }
        }
    }

    /** Stops the thread, then looks once more so that nothing recorded before the call is missed. Idempotent. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        synchronized (log) {
            log.notifyAll();
        }
        try {
            thread.join();
            inspect(take(false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
