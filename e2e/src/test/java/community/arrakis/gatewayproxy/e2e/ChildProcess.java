package community.arrakis.gatewayproxy.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process the test started: its output is drained on a thread of its own (a full pipe would block
 * it) and its last lines kept for the failure report. {@link #stop()} sends SIGTERM and waits, then
 * kills.
 */
final class ChildProcess implements AutoCloseable {

    private static final int KEPT_LINES = 200;

    private final String name;
    private final Process process;
    private final Deque<String> lastLines = new ArrayDeque<>();

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread.ofPlatform().daemon().name(name + "-output").start(this::drain);
    }

    static ChildProcess start(String name, List<String> command, Path directory) throws IOException {
        return new ChildProcess(name, new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).start());
    }

    /** A JVM on the test's own classpath (the project's modules and their dependencies) running {@code mainClass}. */
    static ChildProcess java(String name, List<String> jvmOptions, String mainClass, List<String> args, Path directory)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return start(name, command, directory);
    }

    private void drain() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The last lines it printed, under its name: for a failure message. */
    String report() {
        synchronized (lastLines) {
            return "---- last lines of " + name + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")")
                    + " ----\n" + String.join("\n", lastLines) + "\n";
        }
    }

    /** SIGTERM (a graceful stop), then SIGKILL after 20 s. */
    void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
