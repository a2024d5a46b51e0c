package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flags and small files that would exhaust memory or slip through as defaults: each fails in one line, before any
 * large allocation, with exit status 2 for a bad command line and 1 for bad data or too little memory.
 */
class HostileInputTest {
    @TempDir
    Path dir;
    private Path csv;

    @BeforeEach
    void data() throws Exception {
        csv = Files.writeString(dir.resolve("d.csv"), "a,b,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
    }

    private static void oneLine(Cli.Result r, int code, String expected) {
        assertEquals(code, r.code(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("Error:"), r.err());
    }

    private Cli.Result train(String... flags) {
        String[] base = {"train", "--data", csv.toString(), "--epochs", "1", "--no-progress"};
        String[] args = java.util.Arrays.copyOf(base, base.length + flags.length);
        System.arraycopy(flags, 0, args, base.length, flags.length);
        return Cli.run(args);
    }

    @Test
    void layersTooLargeForAnArrayOrForTheHeapAreRefusedWithTheFix() {
        oneLine(train("--layers", "100000,100000"), 1, "parameter W of 100,000×100,000 = 10,000,000,000 values is "
                + "larger than one Java array holds");
        // 2·30000 + 30000² parameters: 7.2 GB with their gradients, against the tests' 4 GB heap
        Cli.Result heap = train("--layers", "30000,30000");
        oneLine(heap, 1, "the values and gradients of the model's 900,120,000 parameters need 7.2 GB, more than the");
        assertTrue(heap.err().matches("(?s).*GB of Java heap free \\(of 4\\.\\d GB\\); give Java more heap "
                + "\\(-Xmx\\d+g; with ./nn: NN4J_JAVA_OPTS=-Xmx\\d+g\\).*"), heap.err());
    }

    @Test
    void nonFiniteNumbersAreRefusedForEveryNumericFlag() {
        oneLine(train("--lr", "NaN"), 2, "Invalid value for option '--lr': 'NaN' is not a finite number");
        oneLine(train("--dropout", "Infinity"), 2, "'Infinity' is not a finite number");
        oneLine(train("--clip-norm", "-Infinity"), 2, "'-Infinity' is not a finite number");
        oneLine(train("--validation-split", "nan"), 2, "'nan' is not a number");
    }

    @Test
    void usageErrorsExitTwoAndDataErrorsOne() throws Exception {
        oneLine(train("--epochs", "0"), 2, "(see 'nn train --help')");
        oneLine(train("--layers", "abc"), 2, "--layers: 'abc': unknown layer");
        oneLine(train("--activation", "wobble"), 2, "wobble");
        oneLine(train("--dropout", "1.5"), 2, "1.5");
        oneLine(train("--weight-decay", "0.1"), 2, "--weight-decay applies to --optimizer adamw");
        oneLine(train("--label", "nope"), 1, "no column named 'nope'");
        Path bad = Files.writeString(dir.resolve("big.csv"), "a,y\n1,0\n2,999999999\n");
        oneLine(Cli.run("train", "--data", bad.toString(), "--epochs", "1"), 1,
                ":3: column 'y' (2): \"999999999\" as a class index makes 1,000,000,000 classes");
        oneLine(Cli.run("train", "--data", bad.toString(), "--epochs", "1", "--max-classes", "1"), 2,
                "--max-classes must be at least 2");
        oneLine(Cli.run("summary", "--model", dir.resolve("none.nn").toString()), 1, "none.nn: no such file");
        oneLine(Cli.run("evaluate", "--model", csv.toString(), "--data", csv.toString()), 1, "d.csv: ");
    }

    @Test
    void aQuotedHeaderNameWithACommaIsTheDefaultLabelColumn() throws Exception {
        Path quoted = Files.writeString(dir.resolve("q.csv"), "\"x, cm\",\"kind, of\"\n1,a\n2,b\n3,a\n4,b\n");
        Cli.Result r = Cli.run("train", "--data", quoted.toString(), "--epochs", "1", "--layers", "2",
                "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 features, 2 classes"), r.out());
    }
}
