package community.arrakis.gatewayproxy.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module boundaries of docs/architecture.md, checked on the compiled classes. */
class ArchitectureTest {

    private static final String BASE = "community.arrakis.gatewayproxy";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    @Test
    void discordClientsKnowNothingOfBrokersOrRedis() {
        noClasses().that().resideInAnyPackage(BASE + ".discord..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.rabbitmq..", "io.lettuce..", BASE + ".broker..", BASE + ".redis..", BASE + ".envelope..",
                        BASE + ".ingestor..", BASE + ".worker..")
                .check(CLASSES);
    }

    @Test
    void theWorkerNeverTouchesTheGatewayClient() {
        noClasses().that().resideInAPackage(BASE + ".worker..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".discord.gateway..", BASE + ".ingestor..")
                .check(CLASSES);
    }

    @Test
    void theWorkerReachesRabbitMqOnlyThroughTheBrokerModule() {
        noClasses().that().resideInAPackage(BASE + ".worker..")
                .should().dependOnClassesThat().resideInAPackage("com.rabbitmq..")
                .because("the broker module owns the RabbitMQ client; the worker consumes through broker.consume")
                .check(CLASSES);
    }

    @Test
    void onlyTheBatchingFrameHandlerReliesOnTheRabbitMqClientsSocketInternals() {
        noClasses().that().haveNameNotMatching(BASE.replace(".", "\\.") + "\\.broker\\.BatchingFrameHandler(\\$.*)?")
                .should().dependOnClassesThat().haveFullyQualifiedName("com.rabbitmq.client.impl.FrameHandler")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.rabbitmq.client.impl.FrameHandlerFactory")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.rabbitmq.client.impl.Frame")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.rabbitmq.client.impl.AMQConnection")
                .because("an amqp-client upgrade that changes them must be checked in one place "
                        + "(BatchingFrameHandler's class comment, BatchingFrameHandlerTest, WriteBatchingIT)")
                .check(CLASSES);
    }

    @Test
    void theRedisModuleKnowsNothingOfOurs() {
        noClasses().that().resideInAPackage(BASE + ".redis..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        BASE + ".envelope..", BASE + ".discord..", BASE + ".broker..", BASE + ".ops..",
                        BASE + ".ingestor..", BASE + ".worker..", BASE + ".simulator..", BASE + ".app..")
                .check(CLASSES);
    }

    @Test
    void theIngestorRunsNoHandlers() {
        noClasses().that().resideInAPackage(BASE + ".ingestor..")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".worker..")
                .check(CLASSES);
    }

    @Test
    void theSimulatorSharesNoCodeWithWhatItTests() {
        noClasses().that().resideInAPackage(BASE + ".simulator..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        BASE + ".envelope..", BASE + ".discord..", BASE + ".broker..",
                        BASE + ".ingestor..", BASE + ".worker..", BASE + ".app..")
                .check(CLASSES);
    }

    @Test
    void commonDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage(BASE + ".common..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", BASE + ".common..")
                .check(CLASSES);
    }

    @Test
    void onlyTheAppWiresModes() {
        noClasses().that().resideOutsideOfPackage(BASE + ".app..")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".app..")
                .check(CLASSES);
    }
}
