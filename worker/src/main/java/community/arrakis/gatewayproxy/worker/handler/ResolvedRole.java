package community.arrakis.gatewayproxy.worker.handler;

/** A role named by an option, from the interaction's {@code data.resolved.roles}. */
public record ResolvedRole(String id, String name) {
}
