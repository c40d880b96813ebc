package community.arrakis.gatewayproxy.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every YAML file under deploy/ parses, whoever wrote it (manifests, Compose, Prometheus, Grafana provisioning). */
class DeployYamlTest {

    @Test
    void everyYamlFileUnderDeployParsesToAtLeastOneDocument() {
        List<Path> files = DeployFiles.yamlFilesUnder(DeployFiles.deploy());
        assertThat(files).as("YAML files under deploy/")
                .contains(DeployFiles.deploy().resolve("compose.yaml"), DeployFiles.deploy().resolve("prometheus/prometheus.yml"));
        for (Path file : files) {
            assertThat(DeployFiles.documents(file)).as("documents in %s", DeployFiles.root().relativize(file)).isNotEmpty();
        }
    }
}
