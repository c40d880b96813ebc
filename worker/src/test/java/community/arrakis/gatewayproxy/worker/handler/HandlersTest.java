package community.arrakis.gatewayproxy.worker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HandlersTest {

    private final InteractionHandler ping = ctx -> { };
    private final InteractionHandler vote = ctx -> { };
    private final InteractionHandler adminVote = ctx -> { };
    private final GuildEventHandler join = ctx -> { };

    @Test
    void commandsRouteByNameWhateverTheRoutingKeySuffix() {
        Handlers handlers = Handlers.create().command("ping", ping);
        assertThat(handlers.forInteraction("interaction.command.ping", "ping", null)).contains(ping);
        assertThat(handlers.forInteraction("interaction.command.pong", "pong", null)).isEmpty();
    }

    @Test
    void componentsRouteByTheLongestMatchingPrefix() {
        Handlers handlers = Handlers.create().button("vote:", vote).button("vote:admin:", adminVote);
        assertThat(handlers.forInteraction("interaction.button", null, "vote:yes")).contains(vote);
        assertThat(handlers.forInteraction("interaction.button", null, "vote:admin:close")).contains(adminVote);
        assertThat(handlers.forInteraction("interaction.button", null, "other")).isEmpty();
        assertThat(handlers.forInteraction("interaction.select", null, "vote:yes")).isEmpty();
    }

    @Test
    void selectModalAndAutocompleteHaveTheirOwnTables() {
        Handlers handlers = Handlers.create().select("pick", vote).modal("form:", adminVote).autocomplete("city", ping);
        assertThat(handlers.forInteraction("interaction.select", null, "pick-colour")).contains(vote);
        assertThat(handlers.forInteraction("interaction.modal", null, "form:feedback")).contains(adminVote);
        assertThat(handlers.forInteraction("interaction.autocomplete", "city", null)).contains(ping);
        assertThat(handlers.forInteraction("interaction.command.city", "city", null)).isEmpty();
    }

    @Test
    void guildEventsRouteByEventType() {
        Handlers handlers = Handlers.create().memberJoin(join);
        assertThat(handlers.forGuildEvent("member.join")).contains(join);
        assertThat(handlers.forGuildEvent("member.leave")).isEmpty();
    }

    @Test
    void registeringTwiceFailsNamingWhat() {
        assertThatThrownBy(() -> Handlers.create().command("ping", ping).command("ping", ping))
                .hasMessage("command 'ping' is registered twice");
        assertThatThrownBy(() -> Handlers.create().memberJoin(join).memberJoin(join))
                .hasMessage("event 'member.join' is registered twice");
        assertThatThrownBy(() -> Handlers.create().button("a", vote).button("a", vote))
                .hasMessage("button prefix 'a' is registered twice");
        assertThatThrownBy(() -> Handlers.create().on("member.jion", join))
                .hasMessageStartingWith("unknown guild event type 'member.jion'");
    }
}
