package community.arrakis.gatewayproxy.worker.handler;

/** A user named by an option, from the interaction's {@code data.resolved.users}. */
public record ResolvedUser(String id, String username, String globalName, boolean bot) {
}
