package community.arrakis.gatewayproxy.broker.publish;

import java.util.List;

/** The result of one event: the next state and what to do, in order. */
public record Transition(PublisherState state, List<PublisherAction> actions) {

    public Transition {
        actions = List.copyOf(actions);
    }

    static Transition stay(PublisherState state) {
        return new Transition(state, List.of());
    }

    static Transition to(PublisherState state, PublisherAction... actions) {
        return new Transition(state, List.of(actions));
    }
}
