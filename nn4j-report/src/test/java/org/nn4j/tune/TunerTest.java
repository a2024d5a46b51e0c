package org.nn4j.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunerTest {
    @TempDir
    Path dir;

    private static final SearchSpace SPACE = new SearchSpace(List.of(
            SearchSpace.Dimension.parse("--lr", "0.0001..0.01"),
            SearchSpace.Dimension.parse("--batch-size", "32,128")));

    @Test
    void gridTakesLogSpacedValuesFromRanges() {
        List<Map<String, String>> grid = SPACE.grid(3);
        assertEquals(6, grid.size());
        assertEquals(Map.of("--lr", "0.0001", "--batch-size", "32"), grid.get(0));
        assertEquals(Map.of("--lr", "0.001", "--batch-size", "128"), grid.get(3), "√(1e-4·1e-2) = 1e-3");
        assertEquals("--lr 0.01 --batch-size 128", TrialResult.keyOf(grid.get(5)));
    }

    @Test
    void randomSearchIsSeededDistinctAndInsideTheRange() {
        List<Map<String, String>> a = SPACE.random(10, 4);
        assertEquals(a, SPACE.random(10, 4));
        assertEquals(10, a.stream().distinct().count());
        for (Map<String, String> c : a) {
            double lr = Double.parseDouble(c.get("--lr"));
            assertTrue(lr >= 0.0001 * 0.95 && lr <= 0.01 * 1.05, c.toString());
        }
        assertEquals(2, new SearchSpace(List.of(SearchSpace.Dimension.parse("--optimizer", "adam,sgd")))
                .random(5, 1).size(), "a space of two configurations gives two");
    }

    @Test
    void successiveHalvingMultipliesEpochsAndKeepsTheBestThird() {
        assertEquals(List.of(1, 3, 9), new SuccessiveHalving(1, 9, 3).rungEpochs());
        assertEquals(List.of(2, 4, 5), new SuccessiveHalving(2, 5, 2).rungEpochs());
        assertEquals(List.of(9), new SuccessiveHalving(9, 9, 3).rungEpochs());
        assertEquals(4, new SuccessiveHalving(1, 9, 3).survivors(12));
        assertThrows(IllegalArgumentException.class, () -> new SuccessiveHalving(3, 2, 3));
    }

    /** Scores a configuration by how close its learning rate is to 1e-3, plus a little per epoch. */
    private static final class FakeRunner implements TrialRunner {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Outcome run(Map<String, String> params, int epochs) {
            calls.add(TrialResult.keyOf(params) + " @" + epochs);
            double lr = Double.parseDouble(params.get("--lr"));
            if (lr > 0.005) {
                throw new IllegalArgumentException("diverged");
            }
            double score = -Math.abs(Math.log10(lr) + 3) + 0.01 * epochs
                    + (params.get("--batch-size").equals("32") ? 0.001 : 0);
            return new Outcome(score, "accuracy", -score);
        }
    }

    @Test
    void halvingPromotesTheBestAndFailedTrialsRankLast() throws Exception {
        FakeRunner runner = new FakeRunner();
        TrialLog log = TrialLog.open(dir.resolve("r.jsonl"));
        TrialResult best = new Tuner(runner, log, new SuccessiveHalving(1, 3, 3), 2, s -> { })
                .search(SPACE.grid(3));
        assertEquals("--lr 0.001 --batch-size 32", best.key());
        assertEquals(3, best.epochs());
        // 6 trials at 1 epoch, then ⌈6/3⌉ = 2 at 3 epochs
        assertEquals(8, runner.calls.size());
        assertEquals(8, log.results().size());
        assertEquals(2, log.results().stream().filter(r -> r.error() != null).count());
        assertTrue(runner.calls.contains("--lr 0.001 --batch-size 128 @3"));
    }

    @Test
    void aResumedSearchSkipsFinishedTrialsAndDropsATornLine() throws Exception {
        Path file = dir.resolve("r.jsonl");
        new Tuner(new FakeRunner(), TrialLog.open(file), new SuccessiveHalving(1, 1, 3), 1, s -> { })
                .search(SPACE.grid(3).subList(0, 3));
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        // a kill in the middle of writing the fourth line
        Files.writeString(file, lines.get(0).substring(0, 20), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        FakeRunner second = new FakeRunner();
        new Tuner(second, TrialLog.open(file), new SuccessiveHalving(1, 1, 3), 2, s -> { }).search(SPACE.grid(3));
        assertEquals(3, second.calls.size(), "only the three unfinished configurations run");
        List<String> after = Files.readAllLines(file);
        assertEquals(6, after.size());
        assertEquals(lines, after.subList(0, 3));
        assertEquals(6, TrialLog.read(file).stream().map(TrialResult::key).distinct().count());
    }

    @Test
    void badRangesAreRefusedWithTheirFlag() {
        var e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.Dimension.parse("--lr", "0.1..x"));
        assertEquals("--lr: '0.1..x' is not a range low..high of numbers", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.Dimension.parse("--lr", "0..1"));
    }
}
