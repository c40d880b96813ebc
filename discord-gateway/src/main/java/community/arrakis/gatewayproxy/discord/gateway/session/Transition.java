package community.arrakis.gatewayproxy.discord.gateway.session;

import java.util.List;

/**
 * The result of one event: the next state, what to do, and why in plain words (null when nothing
 * worth reporting happened).
 */
public record Transition(ShardState state, List<ShardAction> actions, String reason) {

    public Transition {
        actions = List.copyOf(actions);
    }

    static Transition stay(ShardState state) {
        return new Transition(state, List.of(), null);
    }

    static Transition to(ShardState state, String reason, ShardAction... actions) {
        return new Transition(state, List.of(actions), reason);
    }
}
