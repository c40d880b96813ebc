package community.arrakis.gatewayproxy.worker.handler;

/**
 * Handles one interaction (command, component, modal submit or autocomplete). May block: it runs on
 * a virtual thread. May throw: the worker turns the exception into a retry or a dead letter (see
 * {@link RetryLaterException}).
 */
@FunctionalInterface
public interface InteractionHandler {
    void handle(InteractionContext ctx) throws Exception;
}
