package community.arrakis.gatewayproxy.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The meters every process serves besides its own: JVM (heap and pools, GC pauses, threads,
 * classes), process (CPU time and usage, resident memory, open files, uptime) and
 * {@code arrakis_build_info{process, version}} = 1, from Micrometer's binders. docs/metrics.md lists
 * them all.
 *
 * <p>Call it once, where the process creates its registry, before anything scrapes:
 * {@code ProcessMetrics.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ProcessRole.WORKER)}.
 * The GC and heap-pressure binders listen to the JVM for the life of the process; they are not
 * meant to be unbound.
 *
 * <p>Why a build-info series with a {@code process} label: Prometheus names scrape jobs however the
 * deployment likes, so the alert rules and the dashboard pick the ingestors and the workers by
 * joining on this series ({@code and on (job, instance) arrakis_build_info{process="worker"}}), and
 * "no worker running" is its absence.
 */
public final class ProcessMetrics {

    /** 1 per process, labels {@code process} (see {@link ProcessRole}) and {@code version}. */
    public static final String BUILD_INFO = "arrakis.build.info";
    /** Resident set size in bytes (Linux only); Prometheus's usual name {@code process_resident_memory_bytes}. */
    public static final String RESIDENT_MEMORY = "process.resident.memory";
    static final String UNKNOWN_VERSION = "unknown";

    private ProcessMetrics() {
    }

    /**
     * Binds every JVM and process meter and the build info to {@code registry}.
     *
     * @return {@code registry}, so the call fits where the registry is made
     */
    public static <R extends MeterRegistry> R bindTo(R registry, ProcessRole role) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmHeapPressureMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        if (ResidentMemory.available()) {
            Gauge.builder(RESIDENT_MEMORY, ResidentMemory::bytes).baseUnit(BaseUnits.BYTES)
                    .description("Resident set size of the process (VmRSS in /proc/self/status)")
                    .register(registry);
        }
        Gauge.builder(BUILD_INFO, () -> 1)
                .description("1 for every running Arrakis process; the process label says which kind")
                .tag("process", role.label())
                .tag("version", version())
                .strongReference(true)
                .register(registry);
        return registry;
    }

    /** The project version Maven wrote into build.properties, or "unknown" outside a Maven build. */
    static String version() {
        Properties build = new Properties();
        try (InputStream in = ProcessMetrics.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            return UNKNOWN_VERSION;
        }
        String version = build.getProperty("version", "");
        return version.isBlank() || version.startsWith("${") ? UNKNOWN_VERSION : version;
    }
}
