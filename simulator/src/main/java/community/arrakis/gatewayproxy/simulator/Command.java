package community.arrakis.gatewayproxy.simulator;

/** An application command the simulated application has registered; {@code type} 1 is CHAT_INPUT. */
public record Command(String id, String name, String description, int type) {
}
