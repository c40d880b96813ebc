package community.arrakis.gatewayproxy.redis;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import java.util.function.Supplier;

/**
 * Runs one Redis command, turning the failures that mean "Redis cannot be used now" into
 * {@link RedisUnreachableException}, so that callers tell an outage (wait, hold, retry) from a
 * mistake (a wrong type, a script error), which passes through unchanged.
 */
public final class RedisCalls {

    private RedisCalls() {
    }

    /** @throws RedisUnreachableException when {@link #unreachable} says so of the command's failure */
    public static <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            if (unreachable(e)) {
                throw new RedisUnreachableException(e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Whether a failure means Redis cannot be used just now: not connected (commands are rejected
     * while the client reconnects), the connection lost, no answer in time, or a Redis that is up
     * but refuses work (loading its data after a restart, busy with a script, a read-only replica
     * or a master that is down during a failover). Anything else is the command's own fault.
     */
    public static boolean unreachable(RedisException e) {
        if (e instanceof RedisLoadingException || e instanceof RedisBusyException || e instanceof RedisReadOnlyException) {
            return true;
        }
        if (e instanceof RedisCommandExecutionException) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            return message.startsWith("MASTERDOWN") || message.startsWith("TRYAGAIN") || message.startsWith("CLUSTERDOWN");
        }
        return true; // not connected, commands rejected while reconnecting, connection lost, timed out
    }
}
