package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.cli.Cli.Result;
import org.nn4j.io.Checkpoint;
import org.nn4j.io.SavedModel;
import org.nn4j.testing.ChildJvm;

/**
 * {@code nn train --checkpoint-dir} in a separate JVM, killed with SIGKILL once it has checkpointed its first epoch,
 * then {@code nn train --resume}: the final model must equal, bit for bit, that of the same command run without
 * interruption. Two classes of Fashion-MNIST, a small network, three epochs.
 */
class KillAndResumeTest {
    @TempDir
    Path dir;

    private static List<String> command(String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", "fashion-mnist", "--classes", "0,6",
                "--layers", "64", "--batch-size", "64", "--epochs", "3", "--seed", "5", "--validation-split", "0.1",
                "--no-progress"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void aKilledRunResumedFromItsCheckpointEndsWithTheWeightsOfAnUninterruptedRun() throws Exception {
        Path killed = dir.resolve("killed");
        Path resumedModel = dir.resolve("final.nn");
        try (ChildJvm child = ChildJvm.start(Main.class, command("--checkpoint-dir", killed.toString(), "--out",
                resumedModel.toString()).toArray(String[]::new))) {
            child.awaitLine(line -> line.startsWith("Checkpoint: epoch 1 saved"));
            child.kill();
            assertFalse(child.lines().stream().anyMatch(l -> l.startsWith("Trained")), "killed before the end");
        }
        int at = Checkpoint.load(killed).state().epoch();
        assertTrue(at >= 1 && at < 3, "the checkpoint is of epoch " + at);

        Result resumed = Cli.run("train", "--resume", killed.toString(), "--no-progress");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("Resuming from " + Checkpoint.file(killed) + ": epoch " + at + " of 3 done"),
                resumed.out());
        assertFalse(resumed.out().contains("Epoch 1/3"), "epoch 1 is not trained again: " + resumed.out());

        Path straightModel = dir.resolve("straight.nn");
        Result straight = Cli.run(command("--out", straightModel.toString()).toArray(String[]::new));
        assertEquals(0, straight.code(), straight.err());

        SavedModel a = SavedModel.load(resumedModel);
        SavedModel b = SavedModel.load(straightModel);
        assertArrayEquals(b.model().parameters().toFloatArray(), a.model().parameters().toFloatArray(), 0f);
        assertEquals(3, a.history().size());
        assertEquals(b.history().get(2).get("val_loss"), a.history().get(2).get("val_loss"));
        assertEquals(b.metrics(), a.metrics());
    }

    @Test
    void resumeTakesNoOtherSettings() throws Exception {
        Result r = Cli.run("train", "--resume", dir.toString(), "--lr", "0.1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--lr cannot be combined with --resume"), r.err());
        Result none = Cli.run("train", "--resume", dir.toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no checkpoint here"), none.err());
        Result noData = Cli.run("train", "--epochs", "2");
        assertEquals(2, noData.code());
        assertTrue(noData.err().contains("Missing required option: '--data=SOURCE'"), noData.err());
    }

    /**
     * A checkpoint written before runs recorded their configuration (nn4j as it was, with its command line in the
     * metadata; kept as a test resource) is not resumed by guessing at that command line: the message says so, keeps
     * the model usable and gives the command to start the run again.
     */
    @Test
    void aCheckpointOfTheOlderFormatGetsAClearMessage() throws Exception {
        Path old = dir.resolve("old");
        java.nio.file.Files.createDirectories(old);
        try (var in = KillAndResumeTest.class.getResourceAsStream("/checkpoint-before-run-config/checkpoint.nn")) {
            java.nio.file.Files.copy(in, Checkpoint.file(old));
        }
        Result r = Cli.run("train", "--resume", old.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains(Checkpoint.file(old) + " was written by an earlier nn4j, which recorded the "
                + "command line instead of the run configuration, and cannot be resumed by this one"), r.err());
        assertTrue(r.err().contains("start the run again with: nn train --data tiny.csv --layers 4 --epochs 2 "
                + "--batch-size 8 --seed 1 --checkpoint-dir run --no-progress"), r.err());
        assertEquals(2, SavedModel.load(Checkpoint.file(old)).model().inputSize(), "the model still loads");
    }
}
