package community.arrakis.gatewayproxy.worker.handler;

/** A channel named by an option, from the interaction's {@code data.resolved.channels}. */
public record ResolvedChannel(String id, String name, int type) {
}
