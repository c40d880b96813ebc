package community.arrakis.gatewayproxy.ops;

import java.util.Map;

/**
 * One thing readiness depends on (a shard, the broker connection, the consumer). Called on every
 * {@code GET /health/ready}, so it must be cheap and must not block.
 */
@FunctionalInterface
public interface HealthCheck {

    Result check();

    /**
     * @param healthy whether this part is ready
     * @param details shown in the JSON body; values must be JSON-serialisable (strings, numbers,
     *                booleans, maps, lists)
     */
    record Result(boolean healthy, Map<String, Object> details) {
        public Result {
            details = details == null ? Map.of() : details;
        }

        public static Result up(Map<String, Object> details) {
            return new Result(true, details);
        }

        public static Result down(Map<String, Object> details) {
            return new Result(false, details);
        }
    }
}
