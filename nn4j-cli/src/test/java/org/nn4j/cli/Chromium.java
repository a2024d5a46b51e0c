package org.nn4j.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a page in headless Chromium (Debian's {@code chromium}) and returns the DOM after loading and every
 * message the page wrote to its console (script errors among them). Tests skip where Chromium is not installed.
 */
final class Chromium {
    record Rendered(String dom, List<String> consoleMessages) {
    }

    private Chromium() {
    }

    static Rendered render(Path page) throws Exception {
        String binary = find();
        assumeTrue(binary != null, "chromium is not installed (apt-get install chromium)");
        Path profile = Files.createTempDirectory("nn4j-chromium");
        Path err = Files.createTempFile("nn4j-chromium", ".log");
        Process p = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--dump-dom",
                page.toUri().toString())
                .redirectError(err.toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish rendering " + page);
        }
        String log = Files.readString(err);
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
        Files.delete(err);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("chromium exited with " + p.exitValue() + ": " + log);
        }
        return new Rendered(dom, log.lines().filter(l -> l.contains(":CONSOLE")).toList());
    }

    private static String find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        return null;
    }
}
