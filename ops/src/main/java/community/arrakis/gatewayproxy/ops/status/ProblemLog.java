package community.arrakis.gatewayproxy.ops.status;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The last WARN and ERROR lines of the process, for the status page: a bounded ring, so a storm of
 * warnings costs a fixed amount of memory, where a line that repeats at once is counted instead of
 * stored again (a shard that reconnects in a loop should not push every other line out).
 *
 * <p>It stores what it is given: the caller (the logging appender) redacts before adding.
 */
public final class ProblemLog {

    public static final int DEFAULT_CAPACITY = 20;
    /** Longer messages are cut: a page is not the place for a stack dump. */
    static final int MAX_MESSAGE_LENGTH = 600;

    private final int capacity;
    private final Deque<LogLine> lines = new ArrayDeque<>();

    public ProblemLog() {
        this(DEFAULT_CAPACITY);
    }

    public ProblemLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void add(Instant at, String level, String logger, String message) {
        String text = message == null ? "" : message.length() <= MAX_MESSAGE_LENGTH ? message
                : message.substring(0, MAX_MESSAGE_LENGTH) + " …";
        LogLine last = lines.peekLast();
        if (last != null && last.level().equals(level) && last.logger().equals(Objects.toString(logger, ""))
                && last.message().equals(text)) {
            lines.removeLast();
            lines.addLast(new LogLine(at, level, last.logger(), text, last.repeats() + 1));
            return;
        }
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(new LogLine(at, level, logger, text, 1));
    }

    /** Newest first. */
    public synchronized List<LogLine> lines() {
        List<LogLine> newestFirst = new ArrayList<>(lines);
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }
}
