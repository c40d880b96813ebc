package community.arrakis.gatewayproxy.simulator.rest;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/** The REST faults currently injected; the first matching fault that fires wins. */
public final class RouteFaults {
    private final List<RouteFault> faults = new CopyOnWriteArrayList<>();

    public void add(RouteFault fault) {
        faults.add(fault);
    }

    public void clear() {
        faults.clear();
    }

    public List<RouteFault> all() {
        return List.copyOf(faults);
    }

    Optional<RouteFault> pick(String method, String route, boolean globalLimited) {
        for (RouteFault fault : faults) {
            if (fault.matches(method, route, globalLimited) && ThreadLocalRandom.current().nextDouble() < fault.rate()) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
