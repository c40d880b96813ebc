package community.arrakis.gatewayproxy.simulator.gateway;

import java.util.ArrayDeque;

/**
 * The client's send budget on one connection: at most {@code limit} payloads in any sliding window
 * of {@code windowMillis} (120 per 60 s on Discord). The 121st payload within a minute means 4008.
 */
final class SendRateWindow {
    private final int limit;
    private final long windowMillis;
    private final ArrayDeque<Long> sentAt = new ArrayDeque<>();

    SendRateWindow(int limit, long windowMillis) {
        this.limit = limit;
        this.windowMillis = windowMillis;
    }

    /** Counts one payload; false when it is over the limit. */
    synchronized boolean tryAcquire(long nowMillis) {
        while (!sentAt.isEmpty() && nowMillis - sentAt.peekFirst() >= windowMillis) {
            sentAt.removeFirst();
        }
        if (sentAt.size() >= limit) {
            return false;
        }
        sentAt.addLast(nowMillis);
        return true;
    }
}
