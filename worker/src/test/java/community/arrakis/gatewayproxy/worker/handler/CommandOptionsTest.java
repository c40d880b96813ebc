package community.arrakis.gatewayproxy.worker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CommandOptionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsGroupSubcommandAndParametersWithResolvedUser() throws Exception {
        CommandOptions options = CommandOptions.from(JSON.readTree("""
                {"name":"perm","options":[{"name":"user","type":2,"options":[{"name":"get","type":1,"options":[
                  {"name":"target","type":6,"value":"111"},{"name":"verbose","type":5,"value":true}]}]}],
                 "resolved":{"users":{"111":{"id":"111","username":"paul","global_name":"Paul Atreides"}}}}
                """));
        assertThat(options.subcommandGroup()).contains("user");
        assertThat(options.subcommand()).contains("get");
        assertThat(options.user("target")).contains(new ResolvedUser("111", "paul", "Paul Atreides", false));
        assertThat(options.bool("verbose")).contains(true);
        assertThat(options.names()).containsExactly("target", "verbose");
    }

    @Test
    void readsScalarsRolesAndChannels() throws Exception {
        CommandOptions options = CommandOptions.from(JSON.readTree("""
                {"name":"cfg","options":[{"name":"n","type":4,"value":9007199254740991},{"name":"x","type":10,"value":1.5},
                  {"name":"s","type":3,"value":"spice"},{"name":"r","type":8,"value":"5"},{"name":"c","type":7,"value":"6"}],
                 "resolved":{"roles":{"5":{"id":"5","name":"Fremen"}},"channels":{"6":{"id":"6","name":"sietch","type":0}}}}
                """));
        assertThat(options.subcommand()).isEmpty();
        assertThat(options.integer("n")).hasValue(9007199254740991L);
        assertThat(options.number("x")).hasValue(1.5);
        assertThat(options.string("s")).contains("spice");
        assertThat(options.role("r")).contains(new ResolvedRole("5", "Fremen"));
        assertThat(options.channel("c")).contains(new ResolvedChannel("6", "sietch", 0));
        assertThat(options.string("missing")).isEmpty();
        assertThat(options.integer("s")).isEmpty();
    }

    @Test
    void subcommandWithoutParametersAndFocusedOption() throws Exception {
        CommandOptions bare = CommandOptions.from(JSON.readTree("{\"options\":[{\"name\":\"list\",\"type\":1}]}"));
        assertThat(bare.subcommand()).contains("list");
        assertThat(bare.names()).isEmpty();

        CommandOptions typing = CommandOptions.from(JSON.readTree(
                "{\"options\":[{\"name\":\"a\",\"type\":3,\"value\":\"x\"},{\"name\":\"city\",\"type\":3,\"value\":\"ar\",\"focused\":true}]}"));
        assertThat(typing.focused()).contains("city");
        assertThat(typing.focusedValue()).isEqualTo("ar");
    }
}
