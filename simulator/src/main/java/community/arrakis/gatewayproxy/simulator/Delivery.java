package community.arrakis.gatewayproxy.simulator;

/**
 * One session that an event was dispatched to, with the sequence number it got there. An event for a
 * disconnected but resumable session is still a delivery: it waits in the replay buffer.
 */
public record Delivery(int shardId, int shardCount, String sessionId, long seq, boolean connected) {
}
