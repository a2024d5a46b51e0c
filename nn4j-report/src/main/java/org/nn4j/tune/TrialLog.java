package org.nn4j.tune;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.nn4j.config.Json;

/**
 * The results file of a search: one JSON object per finished trial per line (JSON Lines), appended and forced to
 * disk the moment the trial ends, so a search killed at any point keeps every trial it finished. A line cut short
 * by the kill (no newline at the end of the file) is dropped when the file is opened again.
 */
public final class TrialLog {
    private final Path file;
    private final List<TrialResult> results;

    private TrialLog(Path file, List<TrialResult> results) {
        this.file = file;
        this.results = results;
    }

    /** Opens (or creates) a results file, reading the trials it holds and cutting off a torn last line. */
    public static TrialLog open(Path file) throws IOException {
        if (!Files.exists(file)) {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.createFile(file);
            return new TrialLog(file, new ArrayList<>());
        }
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(end);
            }
        }
        return new TrialLog(file, parse(file, new String(bytes, 0, end, StandardCharsets.UTF_8)));
    }

    /** The trials of a results file, for reports; a torn last line is ignored. */
    public static List<TrialResult> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return parse(file, text.substring(0, text.lastIndexOf('\n') + 1));
    }

    private static List<TrialResult> parse(Path file, String text) throws IOException {
        List<TrialResult> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                out.add(Json.fromJson(lines[i], TrialResult.class));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ", line " + (i + 1) + ": not a trial result (" + e.getMessage() + ")", e);
            }
        }
        return out;
    }

    /** The trials finished so far, in the order they finished. */
    public synchronized List<TrialResult> results() {
        return List.copyOf(results);
    }

    /** The result of configuration {@code key} at {@code rung} with {@code epochs}, or null if it has not run. */
    public synchronized TrialResult find(String key, int rung, int epochs) {
        return results.stream().filter(r -> r.key().equals(key) && r.rung() == rung && r.epochs() == epochs)
                .findFirst().orElse(null);
    }

    /** Appends one result as a line and forces it to disk before returning. */
    public synchronized void append(TrialResult result) throws IOException {
        byte[] line = (Json.toJson(result) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(line));
            ch.force(false);
        }
        results.add(result);
    }

    public Path file() {
        return file;
    }
}
