package community.arrakis.gatewayproxy.worker.dispatch;

import community.arrakis.gatewayproxy.common.Redaction;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestException;
import community.arrakis.gatewayproxy.worker.handler.RetryLaterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/**
 * Decides whether another try of a failed handler could succeed. Retryable: the handler said so
 * ({@link RetryLaterException}), Discord said so (429, 5xx, no answer), or I/O failed (network,
 * Redis, timeouts). Everything else — a bug, a 4xx, a bad payload — fails the same way again, so
 * it goes straight to the dead-letter queue.
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    public static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RetryLaterException
                    || t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException
                    || t.getClass().getName().startsWith("io.lettuce.core.RedisConnectionException")
                    || t.getClass().getName().equals("io.lettuce.core.RedisCommandTimeoutException")) {
                return true;
            }
            if (t instanceof DiscordRestException rest) {
                return rest.retryable();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * One line for the dead-letter header and the log: the exception and its message, no payload,
     * secrets redacted (a handler's exception may quote a webhook URL with its interaction token).
     */
    public static String describe(Throwable failure) {
        String message = Redaction.redact(failure.getMessage());
        String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
