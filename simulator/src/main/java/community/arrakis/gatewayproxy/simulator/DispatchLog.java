package community.arrakis.gatewayproxy.simulator;

import java.util.List;

/** Every dispatch the gateway sent or buffered, per session, in sequence order per session. */
public final class DispatchLog extends RecordLog<RecordedDispatch> {
    public DispatchLog() {
    }

    public List<RecordedDispatch> ofType(String type) {
        return filter(d -> d.type().equals(type));
    }
}
