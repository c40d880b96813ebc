package community.arrakis.gatewayproxy.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A simulated guild. Members change at run time (joins, leaves, role edits); channels and roles are
 * fixed when the guild is created. Collections are concurrent because REST handlers, the control
 * API and gateway sessions read and write them from different threads.
 */
public final class Guild {
    private final String id;
    private final String name;
    private final String ownerId;
    private final Instant createdAt;
    private final List<Channel> channels;
    private final List<Role> roles;
    private final Map<String, Member> members = new ConcurrentSkipListMap<>(Guild::bySnowflake);

    public Guild(String id, String name, String ownerId, Instant createdAt, List<Channel> channels, List<Role> roles,
                 List<Member> members) {
        this.id = id;
        this.name = name;
        this.ownerId = ownerId;
        this.createdAt = createdAt;
        this.channels = new CopyOnWriteArrayList<>(channels);
        this.roles = new CopyOnWriteArrayList<>(roles);
        members.forEach(m -> this.members.put(m.user().id(), m));
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String ownerId() {
        return ownerId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public List<Channel> channels() {
        return List.copyOf(channels);
    }

    public List<Role> roles() {
        return List.copyOf(roles);
    }

    public List<Member> members() {
        return List.copyOf(members.values());
    }

    public int memberCount() {
        return members.size();
    }

    public Optional<Member> member(String userId) {
        return Optional.ofNullable(members.get(userId));
    }

    public Optional<Role> role(String roleId) {
        return roles.stream().filter(r -> r.id().equals(roleId)).findFirst();
    }

    public Optional<Channel> channel(String channelId) {
        return channels.stream().filter(c -> c.id().equals(channelId)).findFirst();
    }

    /** The channel where emitted interactions and messages happen unless told otherwise. */
    public Channel defaultTextChannel() {
        return channels.stream().filter(Channel::isText).findFirst()
                .orElseThrow(() -> new IllegalStateException("guild " + id + " has no text channel"));
    }

    public void putMember(Member member) {
        members.put(member.user().id(), member);
    }

    public Optional<Member> removeMember(String userId) {
        return Optional.ofNullable(members.remove(userId));
    }

    static int bySnowflake(String a, String b) {
        return Long.compareUnsigned(Long.parseUnsignedLong(a), Long.parseUnsignedLong(b));
    }
}
