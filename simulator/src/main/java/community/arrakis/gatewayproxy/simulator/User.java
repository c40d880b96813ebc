package community.arrakis.gatewayproxy.simulator;

/** A Discord user of the simulated world; {@code bot} marks the application's own bot user. */
public record User(String id, String username, String globalName, boolean bot) {
}
