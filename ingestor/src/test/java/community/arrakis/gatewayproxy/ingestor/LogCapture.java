package community.arrakis.gatewayproxy.ingestor;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects the log lines at INFO and above written in this JVM while it is open, for assertions
 * (the worker's copy keeps WARN and above; the ingestor's tests also count the INFO that ends an
 * outage).
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    /** One line: its level, logger and formatted message (with the exception's, if any). */
    record Line(Level level, String logger, String message) {
        @Override
        public String toString() {
            return level + " " + logger + " - " + message;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    static LogCapture attach() {
        LogCapture capture = new LogCapture();
        capture.setName("log-capture");
        capture.setContext(root().getLoggerContext());
        capture.start();
        root().addAppender(capture);
        return capture;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.INFO)) {
            String thrown = event.getThrowableProxy() == null ? ""
                    : " [" + event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage() + "]";
            lines.add(new Line(event.getLevel(), event.getLoggerName(), event.getFormattedMessage() + thrown));
        }
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    List<Line> at(Level level) {
        return lines.stream().filter(line -> line.level() == level).toList();
    }

    /** The lines at {@code level} whose logger is {@code type}'s. */
    List<Line> at(Level level, Class<?> type) {
        return at(level).stream().filter(line -> line.logger().equals(type.getName())).toList();
    }

    @Override
    public void close() {
        root().detachAppender(this);
        stop();
    }
}
