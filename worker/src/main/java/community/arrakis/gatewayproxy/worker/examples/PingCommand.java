package community.arrakis.gatewayproxy.worker.examples;

import community.arrakis.gatewayproxy.worker.handler.InteractionContext;
import community.arrakis.gatewayproxy.worker.handler.InteractionHandler;

/** {@code /ping}: answers "pong" directly (callback type 4). */
public final class PingCommand implements InteractionHandler {

    public static final String NAME = "ping";

    @Override
    public void handle(InteractionContext ctx) {
        ctx.reply("pong");
    }
}
