package community.arrakis.gatewayproxy.envelope.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private final RoutingTable table = new RoutingTable(true);

    private static Function<String, String> fields(String... keyValues) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (!keyValues[i + 1].isEmpty()) {
                map.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return map::get;
    }

    @ParameterizedTest(name = "{0} type={1} component={2} name={3} unavailable={4} knownAtReady={5} -> {6} @{7}")
    @CsvSource({
            "INTERACTION_CREATE, 2, ,  ping,   , false, interaction.command.ping, 10",
            "INTERACTION_CREATE, 3, 2, ,       , false, interaction.button, 8",
            "INTERACTION_CREATE, 3, 3, ,       , false, interaction.select, 8",
            "INTERACTION_CREATE, 3, 5, ,       , false, interaction.select, 8",
            "INTERACTION_CREATE, 5, ,  ,       , false, interaction.modal, 8",
            "INTERACTION_CREATE, 4, ,  ping,   , false, interaction.autocomplete, 6",
            "INTERACTION_CREATE, 9, ,  ,       , false, interaction.other, 5",
            "GUILD_MEMBER_ADD,    , ,  ,       , false, member.join, 5",
            "GUILD_MEMBER_REMOVE, , ,  ,       , false, member.leave, 5",
            "GUILD_MEMBER_UPDATE, , ,  ,       , false, member.update, 5",
            "GUILD_CREATE,        , ,  ,       , false, guild.join, 4",
            "GUILD_CREATE,        , ,  ,       , true,  guild.available, 4",
            "GUILD_DELETE,        , ,  ,       , false, guild.leave, 4",
            "GUILD_DELETE,        , ,  ,  true , false, guild.unavailable, 4",
            "MESSAGE_CREATE,      , ,  ,       , false, message.create, 1",
    })
    void everyRowOfTheTable(String dispatch, String type, String component, String name, String unavailable,
                            boolean knownAtReady, String routingKey, int priority) {
        Optional<Route> route = table.route(dispatch, fields(
                "type", nz(type), "data.component_type", nz(component), "data.name", nz(name),
                "unavailable", nz(unavailable)), knownAtReady);
        assertThat(route).contains(new Route(routingKey, priority));
    }

    @Test
    void messagesAreNotForwardedUnlessEnabled() {
        assertThat(new RoutingTable(false).route("MESSAGE_CREATE", fields(), false)).isEmpty();
    }

    @Test
    void otherDispatchesAreNotForwarded() {
        assertThat(table.route("TYPING_START", fields(), false)).isEmpty();
        assertThat(table.route("PRESENCE_UPDATE", fields(), false)).isEmpty();
    }

    @Test
    void commandNamesAreMadeSafeForTopicRouting() {
        assertThat(RoutingTable.routingWord("Say.Hi#now *x")).isEqualTo("say_hi_now__x");
        assertThat(RoutingTable.routingWord(null)).isEqualTo("unknown");
        assertThat(RoutingTable.routingWord("café-bot")).isEqualTo("café-bot");
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }
}
