package community.arrakis.gatewayproxy.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects every log line written in this JVM while it is attached (every level the logback
 * configuration lets through, exceptions included), for assertions on what an operator would read:
 * how many WARN and ERROR lines a fault costs, and that no secret ever appears.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    /** One line: its level, logger, formatted message (with the exception's, if any) and MDC (e.g. {@code eventId}). */
    public record Line(Level level, String logger, String message, Map<String, String> mdc) {
        @Override
        public String toString() {
            return level + " " + logger + " - " + message;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    public static LogCapture attach() {
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
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (var thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
            text.append(" [").append(thrown.getClassName()).append(": ").append(thrown.getMessage()).append(']');
        }
        lines.add(new Line(event.getLevel(), event.getLoggerName(), text.toString(),
                event.getMDCPropertyMap() == null ? Map.of() : Map.copyOf(event.getMDCPropertyMap())));
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public List<Line> at(Level level) {
        return lines.stream().filter(line -> line.level() == level).toList();
    }

    /** The lines at {@code level} whose logger is {@code type}'s. */
    public List<Line> at(Level level, Class<?> type) {
        return at(level).stream().filter(line -> line.logger().equals(type.getName())).toList();
    }

    /** The lines that contain any of {@code secrets} (bot tokens, interaction tokens, passwords). */
    public List<Line> containing(Collection<String> secrets) {
        return lines.stream().filter(line -> secrets.stream().anyMatch(secret -> line.toString().contains(secret))).toList();
    }

    @Override
    public void close() {
        root().detachAppender(this);
        stop();
    }
}
