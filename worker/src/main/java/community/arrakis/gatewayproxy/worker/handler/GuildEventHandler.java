package community.arrakis.gatewayproxy.worker.handler;

/**
 * Handles one guild event (member join/leave/update, guild join/leave, message). Events of one
 * guild reach their handlers one at a time, in the order Discord sent them. May block and may
 * throw, like {@link InteractionHandler}.
 */
@FunctionalInterface
public interface GuildEventHandler {
    void handle(GuildEventContext ctx) throws Exception;
}
