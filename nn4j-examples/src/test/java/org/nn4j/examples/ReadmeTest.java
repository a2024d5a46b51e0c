package org.nn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's Java is these examples' code: every {@code ```java} block follows a marker
 * {@code <!-- example: File.java tag… -->} and equals the regions between {@code // tag::name[]} and
 * {@code // end::name[]} of that file, de-indented and joined by blank lines; every region is shown somewhere.
 */
class ReadmeTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCES = Path.of("src", "main", "java", "org", "nn4j", "examples");
    private static final Pattern BLOCK = Pattern.compile("(<!-- example: (\\S+\\.java)((?: [\\w-]+)+) -->\\n)?"
            + "```java\\n(.*?)```", Pattern.DOTALL);

    /** The region {@code tag} of an example file, without its markers and with the marker's indentation removed. */
    static String region(String source, String file, String tag) {
        List<String> lines = source.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("// tag::" + tag + "[]")) {
                start = i;
            }
        }
        if (start < 0) {
            throw new AssertionError(file + " has no region '" + tag + "'");
        }
        int indent = lines.get(start).indexOf('/');
        StringBuilder b = new StringBuilder();
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.trim().equals("// end::" + tag + "[]")) {
                return b.toString();
            }
            b.append(line.length() >= indent ? line.substring(indent) : line.trim()).append('\n');
        }
        throw new AssertionError(file + ": region '" + tag + "' has no end");
    }

    @Test
    void everyJavaBlockIsAnExampleRegionAndEveryRegionIsShown() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Set<String> shown = new HashSet<>();
        Matcher m = BLOCK.matcher(readme);
        int blocks = 0;
        while (m.find()) {
            blocks++;
            assertTrue(m.group(1) != null, "a ```java block without an example marker:\n" + m.group(4));
            String file = m.group(2);
            String source = Files.readString(SOURCES.resolve(file), StandardCharsets.UTF_8);
            List<String> parts = new ArrayList<>();
            for (String tag : m.group(3).trim().split(" ")) {
                parts.add(region(source, file, tag));
                shown.add(file + "#" + tag);
            }
            assertEquals(String.join("\n", parts), m.group(4), "README block for " + file + " " + m.group(3));
        }
        assertTrue(blocks >= 1, "no Java in the README");
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.toList()) {
                Matcher t = Pattern.compile("// tag::([\\w-]+)\\[\\]").matcher(Files.readString(f));
                while (t.find()) {
                    assertTrue(shown.contains(f.getFileName() + "#" + t.group(1)),
                            f.getFileName() + " region '" + t.group(1) + "' is not in the README");
                }
            }
        }
    }
}
