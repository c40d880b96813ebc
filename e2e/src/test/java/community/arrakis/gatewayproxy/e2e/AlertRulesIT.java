package community.arrakis.gatewayproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules of deploy/prometheus/rules, checked and unit-tested by Prometheus's own
 * {@code promtool} (from the distribution, installed by scripts/ensure-tools.sh), and held to what
 * the person on call needs: a severity, a summary, a description and a link to the alert's own
 * section of docs/runbook.md; and a promtool test that shows each alert firing and one that shows it
 * quiet. A failure prints promtool's own output.
 */
class AlertRulesIT {

    private static final String RUNBOOK_URL = "https://github.com/arrakis-community/gateway-proxy/blob/main/docs/runbook.md#";
    private static final Set<String> SEVERITIES = Set.of("critical", "warning");

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        MonitoringFiles.Run check = MonitoringFiles.run(MonitoringFiles.command("promtool", "check", "rules",
                MonitoringFiles.RULES.toString()));

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + MonitoringFiles.alertRules().size() + " rules found");
    }

    @Test
    void everyPromtoolUnitTestPasses() throws Exception {
        List<String> command = MonitoringFiles.command("promtool", "test", "rules");
        MonitoringFiles.ruleTests().forEach(file -> command.add(file.toString()));

        MonitoringFiles.Run tests = MonitoringFiles.run(command);

        assertThat(tests.exitCode()).as(tests.output()).isZero();
        assertThat(tests.output()).doesNotContain("FAILED");
    }

    @Test
    void everyAlertIsShownFiringAndQuietByAPromtoolTest() throws IOException {
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Path file : MonitoringFiles.ruleTests()) {
            for (JsonNode test : MonitoringFiles.YAML.readTree(file.toFile()).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    (check.path("exp_alerts").isEmpty() ? quiet : firing).add(check.path("alertname").asText());
                }
            }
        }

        assertThat(firing).as("alerts a promtool test shows firing").containsAll(MonitoringFiles.alertRules().keySet());
        assertThat(quiet).as("alerts a promtool test shows not firing").containsAll(MonitoringFiles.alertRules().keySet());
    }

    @Test
    void everyAlertHasASeverityASummaryADescriptionAndItsOwnRunbookSection() throws IOException {
        String runbook = Files.readString(MonitoringFiles.RUNBOOK);
        String alertsPart = runbook.substring(runbook.indexOf("\n## Alerts\n"));
        List<String> problems = new ArrayList<>();
        MonitoringFiles.alertRules().forEach((name, rule) -> {
            String severity = rule.path("labels").path("severity").asText();
            if (!SEVERITIES.contains(severity)) {
                problems.add(name + ": severity '" + severity + "', not one of " + SEVERITIES);
            }
            for (String annotation : List.of("summary", "description")) {
                if (rule.path("annotations").path(annotation).asText().isBlank()) {
                    problems.add(name + ": no " + annotation);
                }
            }
            String url = rule.path("annotations").path("runbook_url").asText();
            if (!url.equals(RUNBOOK_URL + name.toLowerCase(Locale.ROOT))) {
                problems.add(name + ": runbook_url " + url + " is not its own section's");
            }
            if (!Pattern.compile("^### " + name + "$", Pattern.MULTILINE).matcher(alertsPart).find()) {
                problems.add(name + ": no '### " + name + "' under '## Alerts' in docs/runbook.md");
            }
        });
        Matcher sections = Pattern.compile("^### (Arrakis\\w+)$", Pattern.MULTILINE).matcher(alertsPart);
        while (sections.find()) {
            if (!MonitoringFiles.alertRules().containsKey(sections.group(1))) {
                problems.add("docs/runbook.md has a section for " + sections.group(1) + ", which is no alert");
            }
        }

        assertThat(problems).isEmpty();
    }
}
