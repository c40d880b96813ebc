package community.arrakis.gatewayproxy.simulator.gateway;

/** The fields of an IDENTIFY the simulator acts on; {@code shardGiven} decides whether READY echoes {@code shard}. */
public record IdentifyRequest(String token, int shardId, int shardCount, boolean shardGiven, long intents) {
}
