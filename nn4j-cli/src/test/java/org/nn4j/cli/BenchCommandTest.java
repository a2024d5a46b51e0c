package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nn4j.tensor.Parallel;

/** {@code nn bench}: its JSON figures (inference only, to stay quick) and its refusals; {@code --threads}. */
class BenchCommandTest {
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    @Test
    void inferenceWorkloadsPrintTheirFiguresAsJson() {
        Cli.Result r = Cli.run("bench", "--workloads", "i1,i2", "--threads", "1", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject figures = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertEquals(1, figures.get("threads").getAsInt());
        assertTrue(figures.get("backend").getAsString().contains("GEMM") || figures.get("backend").getAsString()
                .contains("BLAS"), figures.toString());
        double i1 = figures.get("i1_samples_per_s").getAsDouble();
        double p50 = figures.get("i2_p50_us").getAsDouble();
        double p99 = figures.get("i2_p99_us").getAsDouble();
        assertTrue(Double.isFinite(i1) && p50 > 0 && Double.isFinite(p99), figures.toString());
        assertTrue(!figures.has("t1_samples_per_s") && !figures.has("t2_samples_per_s"), figures.toString());
    }

    @Test
    void badSettingsAreRefusedInOneLine() {
        Cli.Result unknown = Cli.run("bench", "--workloads", "t3");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown workload 't3'"), unknown.err());
        Cli.Result short1 = Cli.run("bench", "--t1-epochs", "1");
        assertEquals(2, short1.code());
        assertTrue(short1.err().contains("at least 2"), short1.err());
        Cli.Result threads = Cli.run("bench", "--threads", "0");
        assertEquals(2, threads.code());
        assertTrue(threads.err().contains("--threads must be at least 1, got 0"), threads.err());
        assertEquals(threadsBefore, Parallel.threads());
    }
}
