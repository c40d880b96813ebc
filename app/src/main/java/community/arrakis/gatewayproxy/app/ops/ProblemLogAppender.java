package community.arrakis.gatewayproxy.app.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import community.arrakis.gatewayproxy.ops.status.ProblemLog;
import community.arrakis.gatewayproxy.ops.status.SecretRedactor;
import java.time.Instant;
import org.slf4j.LoggerFactory;

/**
 * Keeps the process's last WARN and ERROR lines for its status page: attached to the root logger,
 * so it sees every line the logging configuration lets through, whatever the output format. Each
 * line is redacted before it is kept, so a secret a library put into a message never reaches the
 * page. Attached in code by the command that opens the ops endpoints, before the process starts
 * (its start-up warnings count too); {@link #close()} detaches it.
 */
public final class ProblemLogAppender extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final ProblemLog log;
    private final SecretRedactor redactor;

    private ProblemLogAppender(ProblemLog log, SecretRedactor redactor) {
        this.log = log;
        this.redactor = redactor;
    }

    /** Starts keeping WARN and ERROR lines, redacted by {@code redactor}. */
    public static ProblemLogAppender attach(SecretRedactor redactor) {
        ProblemLogAppender appender = new ProblemLogAppender(new ProblemLog(), redactor);
        Logger root = root();
        appender.setName("status-page-problems");
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        return appender;
    }

    public ProblemLog log() {
        return log;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.WARN)) {
            return;
        }
        StringBuilder text = new StringBuilder(String.valueOf(event.getFormattedMessage()));
        for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
            text.append(" [").append(thrown.getClassName()).append(": ").append(thrown.getMessage()).append(']');
        }
        String logger = event.getLoggerName();
        log.add(Instant.ofEpochMilli(event.getTimeStamp()), event.getLevel().toString(),
                logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1), redactor.apply(text.toString()));
    }

    @Override
    public void close() {
        root().detachAppender(this);
        stop();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
