package community.arrakis.gatewayproxy.simulator.gateway;

import java.util.List;

/** The life cycle's answer to one event: the next state and what to do on the way. */
public record Transition(ConnectionState next, List<ConnectionAction> actions) {
    public Transition {
        actions = List.copyOf(actions);
    }

    static Transition stay(ConnectionState state, ConnectionAction... actions) {
        return new Transition(state, List.of(actions));
    }
}
