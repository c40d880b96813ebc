package community.arrakis.gatewayproxy.simulator.json;

import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.Member;
import community.arrakis.gatewayproxy.simulator.User;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code d} of member, guild and message dispatches. */
public final class EventPayloads {
    private EventPayloads() {
    }

    public static ObjectNode memberAdd(Guild guild, Member member) {
        return Payloads.member(member, true).put("guild_id", guild.id());
    }

    public static ObjectNode memberUpdate(Guild guild, Member member) {
        return Payloads.member(member, true).put("guild_id", guild.id());
    }

    public static ObjectNode memberRemove(Guild guild, User user) {
        ObjectNode node = Json.object().put("guild_id", guild.id());
        node.set("user", Payloads.user(user));
        return node;
    }

    /** GUILD_DELETE: {@code unavailable} true for an outage, absent when the bot left or was removed. */
    public static ObjectNode guildDelete(String guildId, boolean unavailable) {
        ObjectNode node = Json.object().put("id", guildId);
        if (unavailable) {
            node.put("unavailable", true);
        }
        return node;
    }

    /** MESSAGE_CREATE adds the author's partial member (no user) and the channel type to a message. */
    public static ObjectNode messageCreate(ObjectNode message, Guild guild, Member authorMember, int channelType) {
        ObjectNode node = message.deepCopy();
        if (guild != null && authorMember != null) {
            node.set("member", Payloads.member(authorMember, false));
        }
        node.put("channel_type", channelType);
        return node;
    }

    /** What a session without MESSAGE_CONTENT sees: content, embeds, attachments and components emptied. */
    public static ObjectNode withoutContent(ObjectNode messageCreate) {
        ObjectNode node = messageCreate.deepCopy();
        node.put("content", "");
        node.putArray("embeds");
        node.putArray("attachments");
        node.putArray("components");
        node.remove("poll");
        return node;
    }
}
