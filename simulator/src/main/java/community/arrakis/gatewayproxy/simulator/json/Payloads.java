package community.arrakis.gatewayproxy.simulator.json;

import community.arrakis.gatewayproxy.simulator.Channel;
import community.arrakis.gatewayproxy.simulator.DmChannel;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.Member;
import community.arrakis.gatewayproxy.simulator.Role;
import community.arrakis.gatewayproxy.simulator.User;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Discord objects as the gateway and REST API write them. Fields follow the documented structures,
 * including the nullable ones that real payloads spell out as {@code null}, because client libraries
 * read them without checking for presence.
 */
public final class Payloads {
    /** Every permission bit Discord defines today; what ADMINISTRATOR implies. */
    private static final long ALL_PERMISSIONS = (1L << 51) - 1;
    /** What a resolved channel shows as the invoker's permissions there when nothing narrower is known. */
    public static final long ALL_PERMISSIONS_VISIBLE = ALL_PERMISSIONS;

    private Payloads() {
    }

    public static ObjectNode user(User user) {
        ObjectNode node = Json.object()
                .put("id", user.id())
                .put("username", user.username())
                .put("discriminator", user.bot() ? "0001" : "0")
                .put("global_name", user.globalName())
                .putNull("avatar")
                .put("bot", user.bot())
                .put("system", false)
                .put("public_flags", 0)
                .put("flags", 0)
                .putNull("banner")
                .putNull("accent_color")
                .putNull("avatar_decoration_data");
        if (user.bot()) {
            node.put("verified", true).put("mfa_enabled", true).putNull("email");
        }
        return node;
    }

    /** A guild member; the {@code user} field is left out where Discord sends partial members. */
    public static ObjectNode member(Member member, boolean withUser) {
        ObjectNode node = Json.object();
        if (withUser) {
            node.set("user", user(member.user()));
        }
        node.put("nick", member.nick()).putNull("avatar").putNull("banner");
        ArrayNode roles = node.putArray("roles");
        member.roleIds().forEach(roles::add);
        node.put("joined_at", Json.timestamp(member.joinedAt()))
                .putNull("premium_since")
                .put("deaf", false)
                .put("mute", false)
                .put("flags", 0)
                .put("pending", false)
                .putNull("communication_disabled_until");
        return node;
    }

    /** The member as an interaction carries it: with the resolved channel permissions. */
    public static ObjectNode interactionMember(Guild guild, Member member) {
        return member(member, true).put("permissions", Long.toString(permissions(guild, member)));
    }

    public static long permissions(Guild guild, Member member) {
        long bits = guild.role(guild.id()).map(Role::permissions).orElse(0L);
        for (String roleId : member.roleIds()) {
            bits |= guild.role(roleId).map(Role::permissions).orElse(0L);
        }
        if (member.user().id().equals(guild.ownerId()) || (bits & (1L << 3)) != 0) {
            return ALL_PERMISSIONS;
        }
        return bits;
    }

    public static ObjectNode role(Role role, String botId) {
        ObjectNode node = Json.object()
                .put("id", role.id())
                .put("name", role.name())
                .put("color", role.color())
                .put("hoist", role.hoist())
                .putNull("icon")
                .putNull("unicode_emoji")
                .put("position", role.position())
                .put("permissions", Long.toString(role.permissions()))
                .put("managed", role.managed())
                .put("mentionable", role.mentionable())
                .put("flags", 0);
        node.putObject("colors").put("primary_color", role.color()).putNull("secondary_color")
                .putNull("tertiary_color");
        if (role.managed()) {
            node.putObject("tags").put("bot_id", botId);
        }
        return node;
    }

    public static ObjectNode channel(Channel channel) {
        ObjectNode node = Json.object()
                .put("id", channel.id())
                .put("type", channel.type())
                .put("guild_id", channel.guildId())
                .put("name", channel.name())
                .put("position", channel.position())
                .put("parent_id", channel.parentId())
                .put("flags", 0)
                .put("nsfw", false);
        node.putArray("permission_overwrites");
        switch (channel.type()) {
            case Channel.GUILD_TEXT -> node.putNull("topic").putNull("last_message_id").put("rate_limit_per_user", 0);
            case Channel.GUILD_VOICE -> node.put("bitrate", 64_000).put("user_limit", 0).putNull("rtc_region")
                    .putNull("last_message_id").put("rate_limit_per_user", 0);
            default -> { }
        }
        return node;
    }

    /** The partial channel an interaction carries, with the invoker's permissions there. */
    public static ObjectNode interactionChannel(Channel channel, long permissions) {
        return channel(channel).put("permissions", Long.toString(permissions));
    }

    public static ObjectNode dmChannel(DmChannel channel) {
        ObjectNode node = Json.object().put("id", channel.id()).put("type", DmChannel.TYPE).putNull("last_message_id")
                .put("flags", 0);
        node.putArray("recipients").add(user(channel.recipient()));
        return node;
    }

    /**
     * The GUILD_CREATE payload: a guild object plus the gateway-only fields. {@code withAllMembers}
     * is false without GUILD_PRESENCES, where Discord sends only the bot's own member.
     */
    public static ObjectNode guildCreate(Guild guild, User bot, String applicationId, boolean withAllMembers) {
        ObjectNode node = Json.object()
                .put("id", guild.id())
                .put("name", guild.name())
                .putNull("icon")
                .putNull("icon_hash")
                .putNull("splash")
                .putNull("discovery_splash")
                .put("owner_id", guild.ownerId())
                .putNull("region")
                .putNull("afk_channel_id")
                .put("afk_timeout", 300)
                .put("widget_enabled", false)
                .put("verification_level", 0)
                .put("default_message_notifications", 0)
                .put("explicit_content_filter", 0)
                .put("mfa_level", 0)
                .putNull("application_id")
                .put("system_channel_id", guild.defaultTextChannel().id())
                .put("system_channel_flags", 0)
                .putNull("rules_channel_id")
                .put("max_members", 500_000)
                .putNull("vanity_url_code")
                .putNull("description")
                .putNull("banner")
                .put("premium_tier", 0)
                .put("premium_subscription_count", 0)
                .put("preferred_locale", "en-US")
                .putNull("public_updates_channel_id")
                .put("max_video_channel_users", 25)
                .put("max_stage_video_channel_users", 50)
                .put("nsfw_level", 0)
                .put("nsfw", false)
                .put("premium_progress_bar_enabled", false)
                .putNull("safety_alerts_channel_id")
                .putNull("incidents_data")
                .put("joined_at", Json.timestamp(guild.member(bot.id()).map(Member::joinedAt).orElse(guild.createdAt())))
                .put("large", guild.memberCount() > 250)
                .put("unavailable", false)
                .put("member_count", guild.memberCount())
                .put("lazy", true);
        ArrayNode roles = node.putArray("roles");
        guild.roles().forEach(r -> roles.add(role(r, bot.id())));
        node.putArray("emojis");
        node.putArray("stickers");
        node.putArray("features");
        ArrayNode channels = node.putArray("channels");
        guild.channels().forEach(c -> channels.add(channel(c).without("guild_id")));
        ArrayNode members = node.putArray("members");
        guild.members().stream()
                .filter(m -> withAllMembers || m.user().id().equals(bot.id()))
                .forEach(m -> members.add(member(m, true)));
        node.putArray("voice_states");
        node.putArray("threads");
        node.putArray("presences");
        node.putArray("stage_instances");
        node.putArray("guild_scheduled_events");
        node.putArray("soundboard_sounds");
        return node;
    }

    /** A message; {@code guildId} null means a DM. Interaction responses add their own fields on top. */
    public static ObjectNode message(String id, String channelId, String guildId, User author, String content,
                                     Instant timestamp) {
        ObjectNode node = Json.object()
                .put("id", id)
                .put("channel_id", channelId)
                .put("type", 0)
                .put("content", content)
                .put("timestamp", Json.timestamp(timestamp))
                .putNull("edited_timestamp")
                .put("tts", false)
                .put("mention_everyone", false)
                .put("pinned", false)
                .put("flags", 0);
        node.set("author", user(author));
        node.putArray("mentions");
        node.putArray("mention_roles");
        node.putArray("attachments");
        node.putArray("embeds");
        node.putArray("components");
        if (guildId != null) {
            node.put("guild_id", guildId);
        }
        return node;
    }
}
