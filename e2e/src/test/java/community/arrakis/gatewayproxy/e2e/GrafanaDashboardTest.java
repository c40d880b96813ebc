package community.arrakis.gatewayproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard's shape: importable as it is and loadable by file provisioning, which both
 * need every panel to take its data source from the dashboard's own {@code datasource} variable
 * (provisioning does not fill in an import's {@code __inputs}). Whether its queries return data is
 * {@link PrometheusMonitoringIT}'s to prove.
 */
class GrafanaDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode dashboard = readDashboard();

    private static JsonNode readDashboard() {
        try {
            return JSON.readTree(MonitoringFiles.DASHBOARD.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyPanelQueriesTheDashboardsOwnDataSourceVariable() {
        JsonNode variable = find(dashboard.path("templating").path("list"), "datasource");
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String type = panel.path("type").asText();
            if (type.equals("row") || type.equals("text")) {
                continue;
            }
            if (!panel.path("datasource").path("uid").asText().equals("${datasource}")) {
                problems.add(panel.path("title").asText() + ": panel data source " + panel.path("datasource"));
            }
            if (panel.path("targets").isEmpty()) {
                problems.add(panel.path("title").asText() + ": no query");
            }
            for (JsonNode target : panel.path("targets")) {
                if (!target.path("datasource").path("uid").asText().equals("${datasource}")
                        || target.path("expr").asText().isBlank()) {
                    problems.add(panel.path("title").asText() + " " + target.path("refId").asText() + ": " + target);
                }
            }
            if (panel.path("description").asText().isBlank()) {
                problems.add(panel.path("title").asText() + ": no description for the person reading it at night");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void panelsHaveUniqueIdsAndFitTheGrid() {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("id of " + panel.path("title")).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("right edge of " + panel.path("title"))
                    .isBetween(1, 24);
            assertThat(grid.path("h").asInt()).as("height of " + panel.path("title")).isPositive();
        }
        assertThat(dashboard.path("uid").asText()).isEqualTo("arrakis-gateway-proxy");
        assertThat(dashboard.path("id").isNull()).as("no id: Grafana assigns one on import").isTrue();
    }

    /** deploy/compose.yaml mounts the dashboards at /var/lib/grafana/dashboards and provisioning at /etc/grafana/provisioning. */
    @Test
    void provisioningLoadsTheDashboardFolderAndAPrometheusDataSource() throws IOException {
        Path provisioning = MonitoringFiles.GRAFANA_PROVISIONING;
        JsonNode providers = MonitoringFiles.YAML.readTree(provisioning.resolve("dashboards/arrakis.yml").toFile())
                .path("providers");
        assertThat(providers).hasSize(1);
        assertThat(providers.path(0).path("type").asText()).isEqualTo("file");
        assertThat(providers.path(0).path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");

        JsonNode datasources = MonitoringFiles.YAML.readTree(provisioning.resolve("datasources/prometheus.yml").toFile())
                .path("datasources");
        assertThat(datasources).hasSize(1);
        assertThat(datasources.path(0).path("type").asText()).isEqualTo("prometheus");
        assertThat(datasources.path(0).path("isDefault").asBoolean()).as("picked by the datasource variable").isTrue();
    }

    private static JsonNode find(JsonNode variables, String name) {
        for (JsonNode variable : variables) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no dashboard variable named " + name);
    }
}
