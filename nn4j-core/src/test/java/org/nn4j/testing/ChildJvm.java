package org.nn4j.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A second JVM running a main class from the test class path, for tests that must really kill a process. Its
 * standard output is read line by line so the test can kill it at a known point.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final List<String> lines = new ArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code java -cp <this class path> mainClass args…}, with standard error merged into standard output. */
    public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Reads output until a line matches; fails if the process ends first. Returns the matching line. */
    public String awaitLine(Predicate<String> match) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            if (match.test(line)) {
                return line;
            }
        }
        throw new IllegalStateException("the child JVM ended (exit " + exitCode() + ") before the expected line; it "
                + "printed:\n" + String.join("\n", lines));
    }

    /** SIGKILL: the process gets no chance to clean up, as in a crash or power cut. Waits until it is gone. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    /**
     * SIGTERM: the process shuts down its own way (shutdown hooks run). Returns at once. Sent through the process
     * handle, which, unlike {@code Process.destroy}, leaves its output open to read to the end.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** Reads the rest of the output and waits for the process to end; returns its exit code. */
    public int awaitExit() throws IOException, InterruptedException {
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
        }
        return process.waitFor();
    }

    private int exitCode() {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Everything read so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        out.close();
    }
}
