package community.arrakis.gatewayproxy.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SnowflakeTest {
    @Test
    void decodesTheDocumentedTestVector() {
        assertThat(Snowflake.timestamp("175928847299117063")).isEqualTo(Instant.parse("2016-04-30T11:18:25.796Z"));
    }

    @Test
    void mintsIdsWhoseTimestampIsTheClocksNow() {
        Instant now = Instant.parse("2025-03-01T12:00:00.123Z");
        Snowflake ids = new Snowflake(Clock.fixed(now, ZoneOffset.UTC));

        String first = ids.next();
        String second = ids.next();

        assertThat(Snowflake.timestamp(first)).isEqualTo(now);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void generatedGuildsSpreadRoundRobinOverShards() {
        World world = World.generate(new WorldSpec(6, 2, 1), SimulatorConfig.DEFAULT_APPLICATION_ID,
                new Snowflake(Clock.systemUTC()));

        assertThat(world.guilds()).extracting(g -> Snowflake.shardOf(g.id(), 3)).containsExactly(0, 1, 2, 0, 1, 2);
        assertThat(world.guilds()).extracting(g -> Snowflake.shardOf(g.id(), 4)).containsExactly(0, 1, 2, 3, 0, 1);
    }
}
