package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.io.ModelFile;
import org.nn4j.tune.TrialLog;
import org.nn4j.tune.TrialResult;

/** A search on a Fashion-MNIST subset, killed in a child JVM part-way and finished by a second run. */
class TuneCommandTest {
    @TempDir
    Path dir;

    private List<String> args(Path results) {
        return List.of("tune", "--data", "fashion-mnist", "--limit", "3000", "--lr", "0.0003,0.003,0.03",
                "--layers", "8", "--layers", "32", "--optimizer", "sgd,adam", "--batch-size", "64", "--epochs", "2",
                "--parallel", "2", "--seed", "1", "--results", results.toString());
    }

    @Test
    void aKilledSearchResumesWithoutRepeatingATrialAndItsBestBeatsItsWorst() throws Exception {
        Path results = dir.resolve("trials.jsonl");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(args(results));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        // kill it once three trials are on disk: well before the twelfth
        while (child.isAlive() && (!Files.exists(results) || Files.readAllLines(results).size() < 3)) {
            Thread.sleep(20);
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        List<String> before = Files.readAllLines(results);
        assertTrue(before.size() >= 3 && before.size() < 12, "killed midway: " + before.size() + " trials; "
                + Files.readString(dir.resolve("child.log")));
        int kept = TrialLog.open(results).results().size();

        Path best = dir.resolve("best.nn");
        List<String> resume = new ArrayList<>(args(results));
        resume.addAll(List.of("--out", best.toString()));
        Cli.Result r = Cli.run(resume.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("rung 0: " + kept + " of 12 trials already in"), r.out());
        List<TrialResult> all = TrialLog.read(results);
        assertEquals(12, all.size());
        assertEquals(12, all.stream().map(TrialResult::key).distinct().count(), "no trial ran twice");
        assertEquals(before.subList(0, kept), Files.readAllLines(results).subList(0, kept), "old lines untouched");
        double bestScore = all.stream().mapToDouble(TrialResult::rankingScore).max().orElseThrow();
        double worstScore = all.stream().mapToDouble(TrialResult::rankingScore).min().orElseThrow();
        assertTrue(bestScore > 0.7 && bestScore > worstScore + 0.1, "best " + bestScore + ", worst " + worstScore);
        assertTrue(r.out().matches("(?s).*Reproduce with:\\n  \\./nn train --data fashion-mnist --lr \\S+ --layers \\d+ "
                + "--batch-size 64 --optimizer \\w+ --epochs 2 --seed 1 --out .*"), r.out());
        assertEquals(bestScore, ModelFile.load(best).history().get(1).get("val_accuracy"), 1e-9,
                "the saved model is the best trial trained again with the same seed");

        Path html = dir.resolve("report.html");
        Cli.Result report = Cli.run("report", "--model", best.toString(), "--data", "fashion-mnist", "--tune",
                results.toString(), "--out", html.toString());
        assertEquals(0, report.code(), report.err());
        String page = Files.readString(html);
        assertTrue(page.contains("<section id=\"tuning\">"), "tuning section");
        // counted in the tuning section only: other tables (the confusion matrix) may hold the same cells
        String tuning = page.substring(page.indexOf("<section id=\"tuning\">"));
        tuning = tuning.substring(0, tuning.indexOf("</section>"));
        assertEquals(12, tuning.split("<td>0</td><td>2</td>", -1).length - 1, "a row per trial: rung 0, 2 epochs");
        for (String flag : List.of("--lr", "--layers", "--optimizer")) {
            assertTrue(page.contains("alt=\"score against " + flag + "\""), flag);
        }
    }

    @Test
    void flagsThatNnTrainDoesNotKnowFailBeforeAnyTraining() {
        Cli.Result r = Cli.run("tune", "--data", "fashion-mnist", "--lr", "0.001", "--batch-size", "0",
                "--results", dir.resolve("r.jsonl").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("batch size must be positive"), r.err());
    }
}
