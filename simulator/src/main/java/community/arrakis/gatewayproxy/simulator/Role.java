package community.arrakis.gatewayproxy.simulator;

/** A guild role; the {@code @everyone} role has the guild's id. {@code permissions} is Discord's bit set. */
public record Role(String id, String name, int color, int position, long permissions, boolean managed,
                   boolean hoist, boolean mentionable) {
}
