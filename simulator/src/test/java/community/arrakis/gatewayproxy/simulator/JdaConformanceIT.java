package community.arrakis.gatewayproxy.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * JDA 5.6.1 pointed at the simulator: it must reach READY with every guild, answer interactions
 * through its own REST client, resume without losing events, and never complain about a payload.
 */
class JdaConformanceIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback";

    private final ListAppender<ILoggingEvent> jdaLog = new ListAppender<>();
    private final Set<String> receivedInteractions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger resumes = new AtomicInteger();
    private DiscordSimulator simulator;
    private JDA jda;

    @BeforeEach
    void start() throws InterruptedException {
        Logger jdaLogger = (Logger) LoggerFactory.getLogger("net.dv8tion");
        jdaLog.start();
        jdaLogger.addAppender(jdaLog);
        simulator = DiscordSimulator.start(SimulatorConfig.defaults());
        String gateway = simulator.gatewayUrl().toString();
        jda = JDABuilder.createLight(simulator.config().botToken(), GatewayIntent.GUILD_MESSAGES)
                .setRestConfig(new RestConfig().setBaseUrl(simulator.apiBaseUrl() + "/"))
                .setSessionController(new SessionControllerAdapter() {
                    @NotNull
                    @Override
                    public String getGateway() {
                        return gateway;
                    }
                })
                .setCompression(Compression.ZLIB)
                .addEventListeners(new Responder())
                .build();
        jda.awaitReady();
    }

    @AfterEach
    void stop() {
        if (jda != null) {
            jda.shutdownNow();
        }
        simulator.close();
        ((Logger) LoggerFactory.getLogger("net.dv8tion")).detachAppender(jdaLog);
    }

    private final class Responder extends ListenerAdapter {
        @Override
        public void onSlashCommandInteraction(@NotNull SlashCommandInteractionEvent event) {
            receivedInteractions.add(event.getId());
            event.reply("pong " + event.getOption("text", "", o -> o.getAsString())).queue();
        }

        @Override
        public void onButtonInteraction(@NotNull ButtonInteractionEvent event) {
            receivedInteractions.add(event.getId());
            event.deferEdit().queue();
        }

        @Override
        public void onCommandAutoCompleteInteraction(@NotNull CommandAutoCompleteInteractionEvent event) {
            receivedInteractions.add(event.getId());
            event.replyChoice("apple", "apple").queue();
        }

        @Override
        public void onSessionResume(@NotNull SessionResumeEvent event) {
            resumes.incrementAndGet();
        }
    }

    private RecordedRequest awaitCallback(EmittedInteraction interaction) {
        return simulator.requests().await(r -> r.is("POST", CALLBACK)
                && interaction.id().equals(r.pathParams().get("interaction_id")), WAIT);
    }

    private List<String> payloadComplaints() {
        return jdaLog.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }

    @Test
    void reachesReadyWithEveryGuildAndAnswersInteractionsThroughItsOwnRestClient() {
        assertThat(jda.getGuilds()).extracting(g -> g.getId())
                .containsExactlyInAnyOrderElementsOf(simulator.world().guilds().stream().map(Guild::id).toList());
        assertThat(jda.getSelfUser().getId()).isEqualTo(simulator.config().applicationId());
        Guild guild = simulator.world().guilds().get(0);
        String userId = guild.members().get(1).user().id();

        EmittedInteraction slash = simulator.emitSlashCommand(guild.id(), userId, "echo",
                CommandOption.string("text", "hi"));
        EmittedInteraction button = simulator.emitButtonClick(guild.id(), userId, "confirm");
        EmittedInteraction autocomplete = simulator.emitAutocomplete(guild.id(), userId, "pick",
                CommandOption.focused("fruit", "ap"));

        RecordedRequest slashReply = awaitCallback(slash);
        assertThat(slashReply.status()).isBetween(200, 204);
        assertThat(slashReply.body()).contains("\"type\":4").contains("pong hi");
        RecordedRequest buttonReply = awaitCallback(button);
        assertThat(buttonReply.status()).isBetween(200, 204);
        assertThat(buttonReply.body()).contains("\"type\":6");
        RecordedRequest autocompleteReply = awaitCallback(autocomplete);
        assertThat(autocompleteReply.status()).isBetween(200, 204);
        assertThat(autocompleteReply.body()).contains("\"type\":8").contains("apple");
        assertThat(payloadComplaints()).isEmpty();
    }

    @Test
    void resumesAfterADroppedConnectionWithoutLosingEvents() {
        Guild guild = simulator.world().guilds().get(1);
        String userId = guild.members().get(2).user().id();
        String sessionId = simulator.sessions().get(0).sessionId();

        simulator.faults().holdHello(Duration.ofSeconds(2));
        assertThat(simulator.faults().dropConnection(0)).isEqualTo(1);
        List<EmittedInteraction> missed = List.of(
                simulator.emitSlashCommand(guild.id(), userId, "ping"),
                simulator.emitButtonClick(guild.id(), userId, "while-away"),
                simulator.emitSlashCommand(guild.id(), userId, "ping"));

        assertThat(missed).allSatisfy(i -> assertThat(i.deliveries()).singleElement()
                .satisfies(d -> assertThat(d.connected()).as("buffered for replay").isFalse()));
        await().atMost(WAIT).until(() -> resumes.get() == 1);
        await().atMost(WAIT).until(() -> receivedInteractions.containsAll(missed.stream()
                .map(EmittedInteraction::id).toList()));
        assertThat(simulator.sessions()).singleElement().satisfies(s -> {
            assertThat(s.sessionId()).isEqualTo(sessionId);
            assertThat(s.connected()).isTrue();
        });
        assertThat(simulator.dispatches().ofType("RESUMED")).hasSize(1);
        assertThat(simulator.dispatches().ofType("READY")).hasSize(1);
        assertThat(payloadComplaints()).isEmpty();
    }
}
