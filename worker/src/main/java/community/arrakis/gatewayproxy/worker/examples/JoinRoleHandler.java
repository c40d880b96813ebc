package community.arrakis.gatewayproxy.worker.examples;

import community.arrakis.gatewayproxy.worker.handler.GuildEventContext;
import community.arrakis.gatewayproxy.worker.handler.GuildEventHandler;

/**
 * Gives every member who joins a configured role ({@code PUT /guilds/{g}/members/{u}/roles/{r}})
 * with an audit-log reason. Adding a role the member already has is harmless, so even a retry
 * after a lost answer has no second effect.
 */
public final class JoinRoleHandler implements GuildEventHandler {

    public static final String AUDIT_LOG_REASON = "Arrakis: role for new members";

    private final String roleId;

    public JoinRoleHandler(String roleId) {
        if (roleId == null || roleId.isBlank()) {
            throw new IllegalArgumentException("join role id must not be blank");
        }
        this.roleId = roleId;
    }

    @Override
    public void handle(GuildEventContext ctx) {
        if (ctx.guildId() == null || ctx.userId() == null) {
            throw new IllegalArgumentException("member.join without guild or user id");
        }
        ctx.rest().addGuildMemberRole(ctx.guildId(), ctx.userId(), roleId, AUDIT_LOG_REASON);
    }
}
