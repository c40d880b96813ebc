package community.arrakis.gatewayproxy.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProcessMetricsTest {

    private final PrometheusMeterRegistry registry =
            ProcessMetrics.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ProcessRole.WORKER);

    @Test
    void servesTheJvmAndProcessMetersTheAlertsAndDashboardUse() {
        String scrape = registry.scrape();

        assertThat(scrape).contains(
                "jvm_memory_used_bytes{area=\"heap\"",
                "jvm_memory_max_bytes{area=\"heap\"",
                "jvm_threads_live_threads ",
                "jvm_classes_loaded_classes ",
                "jvm_info{",
                "jvm_gc_overhead ",
                "process_cpu_usage ",
                "process_cpu_time_ns_total ",
                "system_cpu_count ",
                "process_files_open_files ",
                "process_files_max_files ",
                "process_uptime_seconds ",
                "process_start_time_seconds ");
    }

    @Test
    void buildInfoNamesTheProcessAndTheProjectVersion() {
        Matcher info = Pattern.compile("arrakis_build_info\\{process=\"worker\",version=\"([^\"]+)\"} 1")
                .matcher(registry.scrape());

        assertThat(info.find()).as(registry.scrape()).isTrue();
        assertThat(info.group(1)).as("the version Maven filtered into build.properties").matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void residentMemoryFollowsWhatTheProcessTouches() {
        assumeThat(ResidentMemory.available()).as("Linux's /proc/self/status").isTrue();
        double before = residentBytes();
        ByteBuffer touched = ByteBuffer.allocateDirect(64 * 1024 * 1024);
        for (int i = 0; i < touched.capacity(); i += 4096) {
            touched.put(i, (byte) 1);
        }

        double after = residentBytes();

        assertThat(before).isGreaterThan(16 * 1024 * 1024);
        // the pages just written are resident; other threads may free or touch a little meanwhile
        assertThat(after - before).isGreaterThan(48 * 1024 * 1024);
        assertThat(touched.get(4096)).isEqualTo((byte) 1);
    }

    @Test
    void readsVmRssInKibibytes() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t   123456 kB\nRssAnon:\t  100000 kB\n";

        assertThat(ResidentMemory.parse(status)).isEqualTo(OptionalLong.of(123456L * 1024));
    }

    @Test
    void aStatusWithoutAReadableVmRssGivesNothing() {
        assertThat(ResidentMemory.parse("Name:\tkthreadd\nState:\tS (sleeping)\n")).isEmpty();
        assertThat(ResidentMemory.parse("VmRSS:\t12 MB\n")).isEmpty();
        assertThat(ResidentMemory.parse("VmRSS:\t\n")).isEmpty();
    }

    private double residentBytes() {
        return registry.get("process.resident.memory").gauge().value();
    }
}
