package community.arrakis.gatewayproxy.simulator;

import java.time.Instant;
import java.util.List;

/** A user's membership of one guild; immutable, the guild swaps it on update. */
public record Member(User user, List<String> roleIds, String nick, Instant joinedAt) {
    public Member {
        roleIds = List.copyOf(roleIds);
    }

    public Member withRoleIds(List<String> newRoleIds) {
        return new Member(user, newRoleIds, nick, joinedAt);
    }

    public Member withNick(String newNick) {
        return new Member(user, roleIds, newNick, joinedAt);
    }
}
