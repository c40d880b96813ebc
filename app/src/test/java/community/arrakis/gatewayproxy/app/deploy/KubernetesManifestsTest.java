package community.arrakis.gatewayproxy.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import community.arrakis.gatewayproxy.app.deploy.DeployFiles.KubeObject;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.ingestor.ShardRange;
import community.arrakis.gatewayproxy.worker.WorkerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What deploy/k8s must hold for the processes to run as the runbook says: probes on the ops
 * endpoints, resources, a non-root read-only container, secrets only from a Secret, a grace period
 * longer than the graceful stop, one ingestor per shard range covering every shard once, and the
 * autoscaler watching the queue the workers consume.
 */
class KubernetesManifestsTest {

    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob");
    /** Never a literal value in a manifest: the bot token, and URLs that carry a password. */
    private static final Set<String> SECRET_VARIABLES = Set.of("DISCORD_TOKEN", "RABBITMQ_URL", "REDIS_URL");
    /**
     * Time a stop needs besides the configured wait (shard sockets closed, final checkpoints with
     * Redis's 2 s command timeout, connections closed), measured well under this in the tests.
     */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(10);

    private final List<KubeObject> objects = DeployFiles.kubernetesObjects();
    private final Map<String, String> production = DeployFiles.envFile(DeployFiles.deploy().resolve("env/production.env"));

    /** A container of a workload, and the mode of the jar it runs. */
    private record Container(KubeObject owner, JsonNode podSpec, JsonNode spec) {
        String mode() {
            return spec.path("args").path(0).asText(spec.path("command").path(0).asText());
        }

        @Override
        public String toString() {
            return "container " + spec.path("name").asText() + " of " + owner;
        }
    }

    private List<Container> arrakisContainers() {
        List<Container> containers = new ArrayList<>();
        for (KubeObject object : objects) {
            if (!WORKLOADS.contains(object.kind())) {
                continue;
            }
            JsonNode podSpec = object.body().path("spec").path("template").path("spec");
            for (JsonNode container : podSpec.path("containers")) {
                if (container.path("image").asText().startsWith(DeployFiles.IMAGE)) {
                    containers.add(new Container(object, podSpec, container));
                }
            }
        }
        return containers;
    }

    private List<KubeObject> ofKind(String kind) {
        return objects.stream().filter(o -> o.kind().equals(kind)).toList();
    }

    @Test
    void everyObjectHasAKindANameAndAnApiVersion() {
        assertThat(objects).as("objects under deploy/k8s").isNotEmpty();
        for (KubeObject object : objects) {
            assertThat(object.body().path("apiVersion").asText()).as("apiVersion of %s", object).isNotBlank();
            assertThat(object.kind()).as("kind in %s", object.file()).isNotBlank();
            if (!object.kind().equals("Kustomization")) {
                assertThat(object.name()).as("metadata.name of %s", object).isNotBlank();
            }
        }
    }

    @Test
    void theIngestorAndTheWorkerRunThere() {
        assertThat(arrakisContainers()).extracting(Container::mode).contains("ingestor", "worker");
    }

    @Test
    void everyContainerIsProbedOnTheOpsEndpoints() {
        for (Container container : arrakisContainers()) {
            JsonNode spec = container.spec();
            assertThat(spec.path("livenessProbe").path("httpGet").path("path").asText())
                    .as("liveness probe of %s (never readiness: a reconnecting shard must not get the pod killed)", container)
                    .isEqualTo("/health/live");
            assertThat(spec.path("readinessProbe").path("httpGet").path("path").asText())
                    .as("readiness probe of %s", container).isEqualTo("/health/ready");
            String probedPort = spec.path("livenessProbe").path("httpGet").path("port").asText();
            assertThat(spec.path("ports").findValuesAsText("name")).as("ports of %s", container).contains(probedPort);
        }
    }

    @Test
    void everyContainerRequestsCpuAndMemoryAndCapsMemory() {
        for (Container container : arrakisContainers()) {
            JsonNode resources = container.spec().path("resources");
            assertThat(resources.path("requests").path("cpu").asText()).as("requests.cpu of %s", container).isNotBlank();
            assertThat(resources.path("requests").path("memory").asText()).as("requests.memory of %s", container).isNotBlank();
            assertThat(resources.path("limits").path("memory").asText()).as("limits.memory of %s", container).isNotBlank();
        }
    }

    @Test
    void everyContainerRunsAsNonRootWithoutPrivileges() {
        for (Container container : arrakisContainers()) {
            JsonNode pod = container.podSpec().path("securityContext");
            JsonNode own = container.spec().path("securityContext");
            boolean nonRoot = own.path("runAsNonRoot").asBoolean(pod.path("runAsNonRoot").asBoolean(false));
            assertThat(nonRoot).as("runAsNonRoot of %s", container).isTrue();
            assertThat(own.path("allowPrivilegeEscalation").asBoolean(true))
                    .as("allowPrivilegeEscalation of %s", container).isFalse();
            assertThat(own.path("readOnlyRootFilesystem").asBoolean(false))
                    .as("readOnlyRootFilesystem of %s", container).isTrue();
            assertThat(own.path("capabilities").path("drop").toString()).as("capabilities.drop of %s", container)
                    .contains("ALL");
        }
    }

    @Test
    void secretsComeFromASecretNeverInline() {
        for (Container container : arrakisContainers()) {
            for (JsonNode variable : container.spec().path("env")) {
                String name = variable.path("name").asText();
                if (SECRET_VARIABLES.contains(name)) {
                    assertThat(variable.has("value")).as("%s of %s set inline", name, container).isFalse();
                    assertThat(variable.path("valueFrom").path("secretKeyRef").path("name").asText())
                            .as("%s of %s from a secretKeyRef", name, container).isNotBlank();
                }
            }
        }
        List<String> tokenSources = arrakisContainers().stream()
                .filter(c -> c.mode().equals("ingestor"))
                .map(c -> c.spec().path("env").findParents("name").stream()
                        .filter(v -> v.path("name").asText().equals("DISCORD_TOKEN"))
                        .map(v -> v.path("valueFrom").path("secretKeyRef").path("key").asText())
                        .findFirst().orElse(""))
                .toList();
        assertThat(tokenSources).as("every ingestor's DISCORD_TOKEN comes from a secret key").isNotEmpty()
                .allSatisfy(key -> assertThat(key).isNotBlank());
        for (KubeObject scaler : ofKind("ScaledObject")) {
            for (JsonNode trigger : scaler.body().path("spec").path("triggers")) {
                assertThat(trigger.path("metadata").has("host")).as("broker URL inline in %s", scaler).isFalse();
            }
        }
        for (KubeObject object : objects) {
            assertThat(object.kind()).as("a Secret with its values committed (%s)", object).isNotEqualTo("Secret");
        }
    }

    @Test
    void everyVariableIsOneTheModeReads() {
        for (Container container : arrakisContainers()) {
            Set<String> known = DeployFiles.environmentOf(container.mode());
            for (JsonNode variable : container.spec().path("env")) {
                assertThat(known).as("%s of %s is not read by the %s mode; it reads %s",
                        variable.path("name").asText(), container, container.mode(), known)
                        .contains(variable.path("name").asText());
            }
        }
    }

    @Test
    void theGracePeriodOutlastsTheGracefulStop() {
        Duration ingestorStop = Duration.parse(production.getOrDefault("ARRAKIS_SHUTDOWN_TIMEOUT",
                defaultOf("ingestor", "--shutdown-timeout")));
        for (Container container : arrakisContainers()) {
            Duration stop = switch (container.mode()) {
                case "ingestor" -> ingestorStop;
                case "worker" -> WorkerConfig.DEFAULT_SHUTDOWN_GRACE;
                default -> Duration.ZERO;
            };
            long grace = container.podSpec().path("terminationGracePeriodSeconds").asLong(30);
            assertThat(Duration.ofSeconds(grace)).as("terminationGracePeriodSeconds of %s", container)
                    .isGreaterThanOrEqualTo(stop.plus(STOP_MARGIN));
        }
    }

    @Test
    void oneIngestorPerShardRangeCoversEveryShardOnce() {
        int total = Integer.parseInt(production.get("ARRAKIS_TOTAL_SHARDS"));
        assertThat(total).as("ARRAKIS_TOTAL_SHARDS in production.env (fixed, so the ranges can cover it)")
                .isPositive();
        BitSet covered = new BitSet(total);
        List<Container> ingestors = arrakisContainers().stream().filter(c -> c.mode().equals("ingestor")).toList();
        assertThat(ingestors).as("ingestor workloads").hasSizeGreaterThanOrEqualTo(2);
        for (Container ingestor : ingestors) {
            assertThat(ingestor.owner().kind()).as("%s", ingestor).isEqualTo("StatefulSet");
            assertThat(ingestor.owner().body().path("spec").path("replicas").asInt())
                    .as("replicas of %s: two processes on one range would fight over its sessions", ingestor.owner())
                    .isEqualTo(1);
            String shards = ingestor.spec().path("env").findParents("name").stream()
                    .filter(v -> v.path("name").asText().equals("ARRAKIS_SHARDS"))
                    .map(v -> v.path("value").asText()).findFirst()
                    .orElseThrow(() -> new AssertionError("no ARRAKIS_SHARDS in " + ingestor));
            ShardRange range = ShardRange.parse(shards);
            assertThat(range.last()).as("last shard of %s, of %d", ingestor, total).isLessThan(total);
            for (int shard = range.first(); shard <= range.last(); shard++) {
                assertThat(covered.get(shard)).as("shard %d in two ranges (%s)", shard, ingestor).isFalse();
                covered.set(shard);
            }
        }
        assertThat(covered.cardinality()).as("shards covered of %d", total).isEqualTo(total);
    }

    @Test
    void theAutoscalerWatchesTheInteractionsQueueOfTheWorkers() {
        List<KubeObject> scalers = ofKind("ScaledObject");
        assertThat(scalers).as("KEDA ScaledObjects").hasSize(1);
        JsonNode spec = scalers.get(0).body().path("spec");
        KubeObject target = objects.stream()
                .filter(o -> o.kind().equals("Deployment") && o.name().equals(spec.path("scaleTargetRef").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("the ScaledObject's target is no Deployment here"));
        assertThat(target.body().path("spec").path("template").path("spec").path("containers").path(0)
                .path("args").path(0).asText()).isEqualTo("worker");
        JsonNode trigger = spec.path("triggers").path(0);
        assertThat(trigger.path("type").asText()).isEqualTo("rabbitmq");
        String prefix = production.getOrDefault("ARRAKIS_TOPOLOGY_PREFIX", "");
        assertThat(trigger.path("metadata").path("queueName").asText())
                .isEqualTo(Topology.withPrefix(prefix).interactionsQueue());
        assertThat(spec.path("minReplicaCount").asInt())
                .as("the autoscaler's floor is the Deployment's replicas (docs/sizing.md)")
                .isEqualTo(target.body().path("spec").path("replicas").asInt());
    }

    @Test
    void disruptionBudgetsCoverTheIngestorsAndTheWorkers() {
        List<String> components = ofKind("PodDisruptionBudget").stream()
                .map(pdb -> pdb.body().path("spec").path("selector").path("matchLabels")
                        .path("app.kubernetes.io/component").asText())
                .toList();
        assertThat(components).contains("ingestor", "worker");
    }

    private static String defaultOf(String mode, String option) {
        String original = DeployFiles.uninterpolated(mode).getCommandSpec().findOption(option).defaultValue();
        // ${env:NAME:-default}
        return original.substring(original.indexOf(":-") + 2, original.length() - 1);
    }
}
