package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output paths are checked before any work: no input, device, pipe or link is ever replaced by an output. */
class OutputSafetyTest {
    @TempDir
    Path dir;
    private Path csv;
    private byte[] csvBytes;

    @BeforeEach
    void data() throws Exception {
        StringBuilder sb = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i % 7).append(',').append(i % 5).append(',').append(i % 2).append('\n');
        }
        csv = Files.writeString(dir.resolve("train.csv"), sb);
        csvBytes = Files.readAllBytes(csv);
    }

    private Cli.Result train(Path out, String... extra) {
        String[] base = {"train", "--data", csv.toString(), "--layers", "4", "--epochs", "1", "--no-progress",
                "--out", out.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Cli.run(args);
    }

    @Test
    void anOutputThatIsAnInputIsRefusedBeforeTraining() throws Exception {
        Cli.Result r = train(csv);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--out " + csv + " is an input of this command"), r.err());
        assertFalse(r.out().contains("Training on"), "refused before any work: " + r.out());
        assertArrayEquals(csvBytes, Files.readAllBytes(csv));

        Path model = dir.resolve("m.nn");
        assertEquals(0, train(model).code());
        byte[] modelBytes = Files.readAllBytes(model);
        Path hardLink = Files.createLink(dir.resolve("same.nn"), model);
        for (Path out : new Path[]{model, csv, dir.resolve("./m.nn"), hardLink}) {
            Cli.Result p = Cli.run("predict", "--model", model.toString(), "--data", csv.toString(), "--label", "y",
                    "--out", out.toString());
            assertEquals(2, p.code(), p.err());
            assertTrue(p.err().contains("an input of this command"), p.err());
        }
        assertArrayEquals(modelBytes, Files.readAllBytes(model));
        assertArrayEquals(csvBytes, Files.readAllBytes(csv));
    }

    @Test
    void aPipeOrDirectoryIsNeverReplacedAndALinkIsWrittenThrough() throws Exception {
        Path fifo = dir.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Cli.Result r = train(fifo);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("exists and is not a regular file"), r.err());
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "the pipe is still a pipe");

        for (String device : new String[]{"/dev/stdout", "/dev/null", "/proc/self/fd/1"}) {
            Cli.Result r2 = train(Path.of(device));
            assertEquals(2, r2.code(), r2.err());
            assertTrue(r2.err().contains("a device or process file, not a file to save to"), r2.err());
        }
        assertTrue(Files.isSymbolicLink(Path.of("/dev/stdout")), "still a link");

        Cli.Result d = train(dir);
        assertEquals(2, d.code(), d.err());
        assertTrue(d.err().contains("is a directory"), d.err());

        Path target = Files.writeString(dir.resolve("target.nn"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.nn"), target);
        assertEquals(0, train(link).code());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertTrue(Files.size(target) > 100, "the model went to the file the link names");
        assertEquals(0, Cli.run("summary", "--model", link.toString()).code());
    }

    @Test
    void anUnwritableOutputIsRefusedUpFrontWithItsCause() {
        Cli.Result r = train(Path.of("/proc/m.nn"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("nn train: --out /proc/m.nn: cannot write in /proc: "), r.err());
        assertFalse(r.out().contains("Training on"), r.out());
    }

    @Test
    void twoRunsOnOneOutputOrCheckpointDirectoryDoNotOverwriteEachOther() throws Exception {
        Path out = dir.resolve("m.nn");
        try (FileChannel other = FileChannel.open(dir.resolve(".m.nn.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = other.lock()) {
            Cli.Result r = train(out);
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("--out " + out + ": another nn run is writing it"), r.err());
            assertFalse(Files.exists(out));
        }
        Path checkpoints = Files.createDirectories(dir.resolve("ck"));
        try (FileChannel other = FileChannel.open(checkpoints.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = other.lock()) {
            Cli.Result r = train(out, "--checkpoint-dir", checkpoints.toString());
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("--checkpoint-dir " + checkpoints + ": another nn run is writing it"),
                    r.err());
        }
        Cli.Result again = train(out, "--checkpoint-dir", checkpoints.toString());
        assertEquals(0, again.code(), "the locks are released: " + again.err());
        assertFalse(Files.exists(dir.resolve(".m.nn.lock")), "and their files removed");

        Cli.Result inside = train(checkpoints.resolve("m.nn"), "--checkpoint-dir", checkpoints.toString());
        assertEquals(2, inside.code(), inside.err());
        assertTrue(inside.err().contains("lies inside --checkpoint-dir"), inside.err());
    }
}
