package community.arrakis.gatewayproxy.simulator;

import java.util.List;

/** Every REST request the simulator answered, in arrival order. */
public final class RequestLog extends RecordLog<RecordedRequest> {
    public RequestLog() {
    }

    public List<RecordedRequest> matching(String method, String route) {
        return filter(r -> r.is(method, route));
    }
}
