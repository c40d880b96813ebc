package community.arrakis.gatewayproxy.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated Discord state the bot can see: its application and bot user, guilds with their
 * channels, roles and members, the users, and DM channels. Ids are snowflake strings.
 *
 * <p>Generated ids are deterministic: {@link #WORLD_EPOCH_MILLIS} lies a multiple of 720720 ms
 * (the least common multiple of 1..16) after Discord's epoch, so generated guild {@code i} sits on
 * shard {@code i % n} for every shard count {@code n} up to 16.
 */
public final class World {
    public static final long WORLD_EPOCH_MILLIS = Snowflake.DISCORD_EPOCH_MILLIS + 720_720L * 400_000L;

    /** VIEW_CHANNEL, SEND_MESSAGES, READ_MESSAGE_HISTORY, USE_APPLICATION_COMMANDS and friends. */
    public static final long EVERYONE_PERMISSIONS = 2_248_473_465_835_073L;
    public static final long MANAGE_ROLES = 1L << 28;
    public static final long ADMINISTRATOR = 1L << 3;

    private static final long USER_ID_OFFSET_MILLIS = 1_000_000L;
    private static final long OBJECT_ID_OFFSET_MILLIS = 2_000_000L;

    private final User bot;
    private final Application application;
    private final Map<String, Guild> guilds = new ConcurrentSkipListMap<>(Guild::bySnowflake);
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, DmChannel> dmChannelsByRecipient = new ConcurrentHashMap<>();
    private final Snowflake runtimeIds;
    private final AtomicLong objectIds = new AtomicLong();

    private World(User bot, Application application, Snowflake runtimeIds) {
        this.bot = bot;
        this.application = application;
        this.runtimeIds = runtimeIds;
        users.put(bot.id(), bot);
    }

    /** Builds the world a fresh simulator starts with. */
    public static World generate(WorldSpec spec, String applicationId, Snowflake runtimeIds) {
        User bot = new User(applicationId, "Arrakis Bot", null, true);
        Application application = new Application(applicationId, "Arrakis", 0, List.of(
                new Command(fixedId(3_000_001), "ping", "Replies with pong", 1),
                new Command(fixedId(3_000_002), "echo", "Repeats a text", 1),
                new Command(fixedId(3_000_003), "role", "Adds or removes a role", 1),
                new Command(fixedId(3_000_004), "pick", "Picks a fruit, with autocomplete", 1)));
        World world = new World(bot, application, runtimeIds);
        List<User> people = new ArrayList<>();
        for (int i = 1; i <= Math.max(1, spec.membersPerGuild()); i++) {
            User user = new User(fixedId(USER_ID_OFFSET_MILLIS + i), "user" + i, "User " + i, false);
            people.add(user);
            world.users.put(user.id(), user);
        }
        for (int i = 0; i < spec.guilds(); i++) {
            String guildId = fixedId(i);
            world.guilds.put(guildId, world.buildGuild(guildId, "Arrakis " + (i + 1),
                    people.subList(0, spec.membersPerGuild()), spec.textChannelsPerGuild(),
                    Instant.ofEpochMilli(WORLD_EPOCH_MILLIS + i)));
        }
        return world;
    }

    /** Adds a guild the bot has just joined, minted with a runtime id, with the given members. */
    public Guild createGuild(String name, List<User> people) {
        String guildId = runtimeIds.next();
        Guild guild = buildGuild(guildId, name, people, 2, Snowflake.timestamp(guildId));
        guilds.put(guildId, guild);
        return guild;
    }

    private Guild buildGuild(String guildId, String name, List<User> people, int textChannels, Instant createdAt) {
        String categoryId = nextObjectId();
        List<Channel> channels = new ArrayList<>();
        channels.add(new Channel(categoryId, guildId, "Text Channels", Channel.GUILD_CATEGORY, 0, null));
        channels.add(new Channel(nextObjectId(), guildId, "general", Channel.GUILD_TEXT, 0, categoryId));
        for (int c = 1; c < textChannels; c++) {
            channels.add(new Channel(nextObjectId(), guildId, "channel-" + c, Channel.GUILD_TEXT, c, categoryId));
        }
        channels.add(new Channel(nextObjectId(), guildId, "Voice", Channel.GUILD_VOICE, 0, null));

        Role everyone = new Role(guildId, "@everyone", 0, 0, EVERYONE_PERMISSIONS, false, false, false);
        Role member = new Role(nextObjectId(), "Member", 0x2ecc71, 1, EVERYONE_PERMISSIONS, false, false, true);
        Role moderator = new Role(nextObjectId(), "Moderator", 0x3498db, 2, EVERYONE_PERMISSIONS | MANAGE_ROLES,
                false, true, true);
        Role botRole = new Role(nextObjectId(), bot.username(), 0, 3, ADMINISTRATOR | MANAGE_ROLES, true, false, false);

        List<Member> members = new ArrayList<>();
        members.add(new Member(bot, List.of(botRole.id()), null, createdAt));
        for (int u = 0; u < people.size(); u++) {
            List<String> roles = u == 0 ? List.of(moderator.id(), member.id()) : List.of(member.id());
            members.add(new Member(people.get(u), roles, null, createdAt));
        }
        String ownerId = people.isEmpty() ? bot.id() : people.get(0).id();
        return new Guild(guildId, name, ownerId, createdAt, channels, List.of(everyone, member, moderator, botRole),
                members);
    }

    public User bot() {
        return bot;
    }

    public Application application() {
        return application;
    }

    public List<Guild> guilds() {
        return List.copyOf(guilds.values());
    }

    public Optional<Guild> guild(String guildId) {
        return Optional.ofNullable(guilds.get(guildId));
    }

    public Guild requireGuild(String guildId) {
        return guild(guildId).orElseThrow(() -> new IllegalArgumentException("unknown guild " + guildId));
    }

    public Optional<Guild> removeGuild(String guildId) {
        return Optional.ofNullable(guilds.remove(guildId));
    }

    public List<User> users() {
        return List.copyOf(users.values());
    }

    public Optional<User> user(String userId) {
        return Optional.ofNullable(users.get(userId));
    }

    /** The known user, or a new one named after the id (lets tests emit joins of strangers). */
    public User userOrCreate(String userId) {
        return users.computeIfAbsent(userId, id -> new User(id, "user-" + id, null, false));
    }

    public DmChannel dmChannelWith(User recipient) {
        return dmChannelsByRecipient.computeIfAbsent(recipient.id(), id -> new DmChannel(runtimeIds.next(), recipient));
    }

    public Optional<DmChannel> dmChannel(String channelId) {
        return dmChannelsByRecipient.values().stream().filter(c -> c.id().equals(channelId)).findFirst();
    }

    /** The guild channel with this id, in whichever guild holds it. */
    public Optional<Channel> guildChannel(String channelId) {
        return guilds.values().stream().flatMap(g -> g.channels().stream())
                .filter(c -> c.id().equals(channelId)).findFirst();
    }

    private String nextObjectId() {
        return fixedId(OBJECT_ID_OFFSET_MILLIS + objectIds.incrementAndGet());
    }

    private static String fixedId(long millisAfterWorldEpoch) {
        return Long.toUnsignedString(Snowflake.at(WORLD_EPOCH_MILLIS + millisAfterWorldEpoch, 0));
    }
}
