package community.arrakis.gatewayproxy.discord.gateway.session;

import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import java.net.URI;
import java.time.Duration;

/** What the driver must do after a transition, in list order. */
public sealed interface ShardAction {

    /** Open connection {@code connectionId} to {@code url} and arm the HELLO timeout. */
    record Connect(long connectionId, URI url) implements ShardAction {
    }

    /** Beat first after {@code firstDelay}, then every {@code interval}, until the connection is closed. */
    record StartHeartbeat(long connectionId, Duration firstDelay, Duration interval) implements ShardAction {
    }

    record SendHeartbeat(long connectionId, long sequence) implements ShardAction {
    }

    /** Ask the identify limiter for a slot; answer with IdentifyPermitted. */
    record RequestIdentifyPermit(long connectionId) implements ShardAction {
    }

    record SendIdentify(long connectionId) implements ShardAction {
    }

    record SendResume(long connectionId, ResumeState resume) implements ShardAction {
    }

    /** Hand the dispatch being read to the listener (done by the reading thread, outside the lock). */
    record Deliver(long connectionId, Session session) implements ShardAction {
    }

    /** Stop heartbeating on this connection and close it with {@code code}. */
    record Close(long connectionId, int code, String reason) implements ShardAction {
    }

    /** Fire ReconnectDue after {@code delay}. */
    record ScheduleReconnect(Duration delay) implements ShardAction {
    }

    /** Tell the listener a new session started. */
    record ReportSessionStarted(ResumeState session) implements ShardAction {
    }
}
