package community.arrakis.gatewayproxy.worker.migration;

import community.arrakis.gatewayproxy.discord.rest.WriteTap;
import community.arrakis.gatewayproxy.discord.rest.route.CompiledRoute;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every Discord write of one side of a migration in the {@link MigrationStore}, keyed by the
 * event being handled ({@link EventKey}): the live bot's after sending them, the shadow's instead of
 * sending them. A shadow write is answered at once with a stand-in body ({@code {"id":"0"}} for a
 * create or an edit, nothing for the rest), so an interaction answer, a role, a message or a
 * follow-up never reaches Discord from the shadow.
 *
 * <p>Recording never fails a live write: a record that cannot be stored is counted and dropped
 * (one WARN, then DEBUG), and the comparison then reports that event as missing on this side.
 */
public final class RecordingWriteTap implements WriteTap {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingWriteTap.class);
    /** What a shadow create or edit returns: a message or channel with an id nobody will use. */
    static final String STAND_IN = "{\"id\":\"0\",\"shadow\":true}";

    private final MigrationStore store;
    private final Side side;
    private final boolean send;
    private final AtomicLong dropped = new AtomicLong();

    private RecordingWriteTap(MigrationStore store, Side side, boolean send) {
        this.store = store;
        this.side = side;
        this.send = send;
    }

    /** The live bot: sends, then records. */
    public static RecordingWriteTap live(MigrationStore store, Side side) {
        return new RecordingWriteTap(store, side, true);
    }

    /** The shadow: records, sends nothing. */
    public static RecordingWriteTap shadow(MigrationStore store) {
        return new RecordingWriteTap(store, Side.SHADOW, false);
    }

    @Override
    public Optional<String> instead(CompiledRoute route, String jsonBody) {
        if (send) {
            return Optional.empty();
        }
        record(route, jsonBody, 0, 0);
        String method = route.route().method();
        return Optional.of("POST".equals(method) || "PATCH".equals(method) ? STAND_IN : "");
    }

    @Override
    public void sent(CompiledRoute route, String jsonBody, int status, long latencyNanos) {
        record(route, jsonBody, status, latencyNanos);
    }

    /** Records that could not be stored. */
    public long dropped() {
        return dropped.get();
    }

    private void record(CompiledRoute route, String jsonBody, int status, long latencyNanos) {
        long now = System.currentTimeMillis();
        long receivedAt = WriteContext.receivedAt();
        WriteRecord record = new WriteRecord(eventKey(route), WriteContext.eventType(), route.route().method(),
                route.route().template(), JsonNormaliser.normalise(jsonBody), status, latencyNanos / 1e6,
                receivedAt == 0 ? 0 : Math.max(0, now - receivedAt), now);
        try {
            store.append(side, record);
        } catch (RuntimeException e) {
            if (dropped.getAndIncrement() == 0) {
                LOG.warn("a {} write could not be recorded for the shadow comparison ({}); further failures are logged at DEBUG",
                        side.key(), e.getMessage());
            } else {
                LOG.debug("a {} write could not be recorded: {}", side.key(), e.getMessage());
            }
        }
    }

    /**
     * The handler thread's event; an interaction callback sent from another thread (the automatic
     * defer) names its interaction in the path.
     */
    private static String eventKey(CompiledRoute route) {
        String key = WriteContext.eventKey();
        if (key != null) {
            return key;
        }
        String path = route.path();
        if (path.startsWith("/interactions/")) {
            int end = path.indexOf('/', "/interactions/".length());
            if (end > 0) {
                return "i:" + path.substring("/interactions/".length(), end);
            }
        }
        return "unknown";
    }
}
