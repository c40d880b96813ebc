package community.arrakis.gatewayproxy.worker.migration;

import community.arrakis.gatewayproxy.envelope.Envelope;
import org.slf4j.MDC;

/**
 * The event a handler thread is working on, for {@link RecordingWriteTap} to key its records by.
 * Kept in the logging MDC beside the event id the dispatcher puts there: both are per thread and
 * cleared when the event is done.
 */
final class WriteContext {

    static final String KEY = "migrationKey";
    static final String TYPE = "migrationType";
    static final String RECEIVED_AT = "migrationReceivedAt";

    private WriteContext() {
    }

    static void enter(Envelope envelope) {
        MDC.put(KEY, EventKey.of(envelope));
        MDC.put(TYPE, envelope.eventType());
        MDC.put(RECEIVED_AT, Long.toString(envelope.receivedAt()));
    }

    static void exit() {
        MDC.remove(KEY);
        MDC.remove(TYPE);
        MDC.remove(RECEIVED_AT);
    }

    static String eventKey() {
        return MDC.get(KEY);
    }

    static String eventType() {
        String type = MDC.get(TYPE);
        return type == null ? "unknown" : type;
    }

    /** When the gateway delivered the current event, or 0 outside one. */
    static long receivedAt() {
        String value = MDC.get(RECEIVED_AT);
        return value == null ? 0 : Long.parseLong(value);
    }
}
