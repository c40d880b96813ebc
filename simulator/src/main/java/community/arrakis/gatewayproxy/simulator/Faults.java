package community.arrakis.gatewayproxy.simulator;

import community.arrakis.gatewayproxy.simulator.gateway.GatewayServer;
import community.arrakis.gatewayproxy.simulator.rest.RouteFault;
import community.arrakis.gatewayproxy.simulator.rest.RouteFaults;
import java.time.Duration;
import java.util.List;

/**
 * Fault injection. Gateway faults target the connected sessions of one shard, or of every shard
 * when {@code shardId} is {@link #ALL_SHARDS}; each returns how many connections it hit.
 */
public final class Faults {
    public static final Integer ALL_SHARDS = null;

    private final GatewayServer gateway;
    private final RouteFaults routeFaults;

    Faults(GatewayServer gateway, RouteFaults routeFaults) {
        this.gateway = gateway;
        this.routeFaults = routeFaults;
    }

    /** Zombie connection: heartbeats are still read but no longer ACKed. */
    public int stopHeartbeatAcks(Integer shardId) {
        return gateway.stopHeartbeatAcks(shardId, true);
    }

    public int resumeHeartbeatAcks(Integer shardId) {
        return gateway.stopHeartbeatAcks(shardId, false);
    }

    /** Sends op 1: the client must heartbeat at once. */
    public int requestHeartbeat(Integer shardId) {
        return gateway.requestHeartbeat(shardId);
    }

    /** Sends op 7: the client should reconnect and resume. */
    public int requestReconnect(Integer shardId) {
        return gateway.requestReconnect(shardId);
    }

    /** Sends op 9; with {@code resumable} false the session is gone. */
    public int invalidateSession(Integer shardId, boolean resumable) {
        return gateway.invalidateSession(shardId, resumable);
    }

    /** Closes with {@code code}; the session survives unless the code is 4003, 4004, 4007, 4009 or 4010..4014. */
    public int close(Integer shardId, int code) {
        return gateway.close(shardId, code, "Closed by fault injection");
    }

    /** Drops the TCP connection without a close frame; the session stays resumable. */
    public int dropConnection(Integer shardId) {
        return gateway.drop(shardId);
    }

    /**
     * A slow gateway: connections opened within {@code duration} from now get HELLO only when it has
     * passed, and nothing they send is handled before, so no client can identify or resume in that
     * time; events for a disconnected session meanwhile wait in its replay buffer.
     */
    public void holdHello(Duration duration) {
        gateway.holdHello(duration);
    }

    public void failRoute(RouteFault fault) {
        routeFaults.add(fault);
    }

    public List<RouteFault> routeFaults() {
        return routeFaults.all();
    }

    public void clearRouteFaults() {
        routeFaults.clear();
    }
}
