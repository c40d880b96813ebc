package community.arrakis.gatewayproxy.envelope.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeFactory;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GuildPartitionsTest {

    private final EnvelopeFactory factory = new EnvelopeFactory(new RoutingTable(true));

    @Test
    void aGuildsPartitionIsZlibsCrc32OfItsIdSoOtherToolsCanComputeIt() {
        // Python: zlib.crc32(b"41771983444115456") == 4090976435; % 8 == 3
        assertThat(GuildPartitions.partitionOf("41771983444115456", 8)).isEqualTo(3);
        assertThat(GuildPartitions.partitionOf("81384788765712384", 8)).isEqualTo(1);
        // zlib.crc32(b"222079895583457280") == 3786322493: 5 of 8, 13 of 16
        assertThat(GuildPartitions.partitionOf("222079895583457280", 8)).isEqualTo(5);
        assertThat(GuildPartitions.partitionOf("222079895583457280", 16)).isEqualTo(13);
        assertThat(GuildPartitions.partitionOf("222079895583457280", 1)).isZero();
    }

    @Test
    void guildEventsTravelBehindTheirPartitionsWordAndInteractionsAsBefore() {
        Envelope join = envelope("GUILD_MEMBER_ADD", "{\"guild_id\":\"41771983444115456\",\"user\":{\"id\":\"80351110224678912\"}}");
        Envelope guildCreate = envelope("GUILD_CREATE", "{\"id\":\"222079895583457280\"}");
        Envelope command = envelope("INTERACTION_CREATE", "{\"id\":\"1300000000000000001\",\"type\":2,"
                + "\"guild_id\":\"41771983444115456\",\"data\":{\"name\":\"ping\"}}");

        assertThat(GuildPartitions.routingKey(join, 8)).isEqualTo("p03.member.join");
        assertThat(GuildPartitions.routingKey(guildCreate, 8)).isEqualTo("p05.guild.join");
        assertThat(GuildPartitions.routingKey(guildCreate, 16)).isEqualTo("p13.guild.join");
        assertThat(GuildPartitions.routingKey(command, 8)).isEqualTo("interaction.command.ping");
        assertThat(join.eventType()).as("handlers still see the event type").isEqualTo("member.join");
    }

    @Test
    void anEventWithoutAGuildGoesByItsChannelAndWithNeitherToPartitionZero() {
        Envelope dm = envelope("MESSAGE_CREATE", "{\"channel_id\":\"81384788765712384\",\"author\":{\"id\":\"80351110224678912\"}}");
        Envelope nowhere = envelope("MESSAGE_CREATE", "{\"author\":{\"id\":\"80351110224678912\"}}");

        assertThat(GuildPartitions.routingKey(dm, 8)).isEqualTo("p01.message.create");
        assertThat(GuildPartitions.routingKey(nowhere, 8)).isEqualTo("p00.message.create");
    }

    @Test
    void queueNamesAndBindingsUseTwoDigitWords() {
        Topology topology = Topology.withPrefix("bot1.").withGuildPartitions(12);
        assertThat(topology.guildPartitionQueues()).hasSize(12).startsWith("bot1.arrakis.events.guild.p00")
                .endsWith("bot1.arrakis.events.guild.p11");
        assertThat(GuildPartitions.binding(7)).isEqualTo("p07.#");
        assertThat(topology.queues()).startsWith("bot1.arrakis.interactions").endsWith("bot1.arrakis.dlq").hasSize(14);
        assertThat(Topology.defaults().guildPartitions()).isEqualTo(GuildPartitions.DEFAULT);
    }

    @Test
    void aCountOutsideOneToSixtyFourIsRefusedInPlainWords() {
        assertThatThrownBy(() -> Topology.defaults().withGuildPartitions(0))
                .hasMessage("guild partitions must be 1..64, was 0");
        assertThatThrownBy(() -> Topology.defaults().withGuildPartitions(65))
                .hasMessage("guild partitions must be 1..64, was 65");
    }

    private Envelope envelope(String type, String json) {
        return factory.create(0, "session", 1, type, json.getBytes(StandardCharsets.UTF_8), 1_000L, false).orElseThrow();
    }
}
