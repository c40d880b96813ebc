package community.arrakis.gatewayproxy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The distribution's Chromium, headless, as a person's browser would load a page: its DOM after
 * loading, and a screenshot. Installed by {@code scripts/ensure-tools.sh}. Each call runs one
 * browser with a fresh profile, which is deleted after; its console (D-Bus complaints and the
 * like) goes to a file beside the screenshots, read only when something fails.
 */
final class HeadlessChromium {

    static final Path BINARY = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final long TIMEOUT_SECONDS = 90;

    private final Path consoleLog;

    HeadlessChromium(Path consoleLog) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is not installed: the status page test needs Chromium "
                    + "(scripts/ensure-tools.sh installs it; Debian/Ubuntu: apt-get install chromium)");
        }
        this.consoleLog = consoleLog;
    }

    /** The page's DOM once loaded, serialised as HTML. */
    String dumpDom(URI page) throws IOException, InterruptedException {
        return new String(run(List.of("--dump-dom", page.toString())), StandardCharsets.UTF_8);
    }

    /** A PNG of the page at 1280 × 1000 CSS pixels. */
    void screenshot(URI page, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1280,1000", page.toString()));
        if (!Files.exists(png)) {
            throw new IOException("Chromium wrote no screenshot to " + png + "; its console is in " + consoleLog);
        }
    }

    private byte[] run(List<String> what) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("status-page-chromium");
        try {
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-proxy-server",
                    "--user-data-dir=" + profile));
            command.addAll(what);
            Files.createDirectories(consoleLog.toAbsolutePath().getParent());
            Process chromium = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()))
                    .start();
            chromium.getOutputStream().close();
            // read while it runs: a DOM larger than the pipe's buffer would otherwise block it
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return chromium.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, runnable -> Thread.ofVirtual().start(runnable));
            if (!chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
                throw new IOException("Chromium did not finish within " + TIMEOUT_SECONDS + " s; its console is in " + consoleLog);
            }
            if (chromium.exitValue() != 0) {
                throw new IOException("Chromium exited with " + chromium.exitValue() + "; its console is in " + consoleLog);
            }
            try {
                return out.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("could not read what Chromium wrote", e);
            }
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
