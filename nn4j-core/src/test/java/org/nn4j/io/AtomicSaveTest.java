package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.testing.ChildJvm;

class AtomicSaveTest {
    @TempDir
    Path dir;

    /**
     * A process saving a model again and again is killed with SIGKILL the moment the directory shows a save under
     * way (a new file appears, or the model file changes size), so the kill lands while bytes are being written.
     * The file must still hold one complete save. (Writing straight into the model file fails this test: the kill
     * then leaves it cut short.)
     */
    @Test
    void killingAProcessWhileItSavesLeavesAWholeModel() throws Exception {
        Path file = dir.resolve("m.nn");
        try (ChildJvm child = ChildJvm.start(SaveLoop.class, file.toString())) {
            child.awaitLine(line -> line.equals("saved 1"));
            long complete = Files.size(file);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!saveUnderWay(file, complete)) {
                assertTrue(System.nanoTime() < deadline, "no save began within a minute");
            }
            child.kill();
        }
        SavedModel back = ModelFile.load(file);
        long seed = back.metrics().get("seed").longValue();
        assertArrayEquals(SaveLoop.model(seed).parameters().toFloatArray(), back.model().parameters().toFloatArray(),
                0f, "weights of save " + seed);
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.allMatch(p -> p.equals(file) || p.getFileName().toString().matches("\\.m\\.nn.*\\.tmp")),
                    "only the model and perhaps the killed save's temporary file remain");
        }
    }

    private boolean saveUnderWay(Path file, long complete) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count() > 1 || Files.size(file) != complete;
        } catch (java.nio.file.NoSuchFileException e) { // the model file is being replaced this very moment
            return true;
        }
    }
}
