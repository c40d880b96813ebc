package community.arrakis.gatewayproxy.worker.examples;

import community.arrakis.gatewayproxy.worker.handler.Handlers;

/** The handlers the stock {@code worker} and {@code standalone} modes run. */
public final class BuiltInHandlers {

    private BuiltInHandlers() {
    }

    /**
     * @param joinRoleId role given to members who join; null registers no join handler
     */
    public static Handlers create(String joinRoleId) {
        Handlers handlers = Handlers.create().command(PingCommand.NAME, new PingCommand());
        if (joinRoleId != null && !joinRoleId.isBlank()) {
            handlers.memberJoin(new JoinRoleHandler(joinRoleId));
        }
        return handlers;
    }
}
