package community.arrakis.gatewayproxy.worker.handler;

/**
 * Thrown by a handler to say "this failed for a passing reason, run me again": the worker retries
 * with exponential backoff, then dead-letters. Other exceptions count as permanent unless they are
 * I/O failures or a retryable Discord REST error.
 */
public class RetryLaterException extends RuntimeException {
    public RetryLaterException(String message) {
        super(message);
    }

    public RetryLaterException(String message, Throwable cause) {
        super(message, cause);
    }
}
