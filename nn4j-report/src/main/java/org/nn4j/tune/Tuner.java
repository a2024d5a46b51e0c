package org.nn4j.tune;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.nn4j.training.TrainingDivergedException;

/**
 * Runs a search: the configurations rung by rung under successive halving, up to {@code parallel} trials at once,
 * each result appended to the log as soon as it exists. Trials already in the log are not run again, so a search
 * that was killed resumes where it stopped; survivors of a rung are chosen from all its results, old and new.
 */
public final class Tuner {
    private final TrialRunner runner;
    private final TrialLog log;
    private final SuccessiveHalving schedule;
    private final int parallel;
    private final Consumer<String> out;

    public Tuner(TrialRunner runner, TrialLog log, SuccessiveHalving schedule, int parallel, Consumer<String> out) {
        if (parallel <= 0) {
            throw new IllegalArgumentException("parallel trials must be positive, got " + parallel);
        }
        this.runner = runner;
        this.log = log;
        this.schedule = schedule;
        this.parallel = parallel;
        this.out = out;
    }

    /** Searches {@code configs} and returns the best result of the last rung. */
    public TrialResult search(List<Map<String, String>> configs) throws IOException, InterruptedException {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("nothing to search: no configurations");
        }
        List<Integer> rungs = schedule.rungEpochs();
        List<Map<String, String>> alive = configs;
        List<TrialResult> rungResults = List.of();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            for (int r = 0; r < rungs.size(); r++) {
                rungResults = runRung(pool, alive, r, rungs.get(r));
                if (r + 1 < rungs.size()) {
                    int keep = schedule.survivors(alive.size());
                    alive = rungResults.stream().limit(keep).map(TrialResult::params).toList();
                    out.accept(String.format(java.util.Locale.ROOT, "rung %d done: the best %d of %d go on to %d "
                            + "epochs", r, keep, rungResults.size(), rungs.get(r + 1)));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return rungResults.get(0);
    }

    /** Runs the configurations of one rung not yet in the log; returns all its results, best first. */
    private List<TrialResult> runRung(ExecutorService pool, List<Map<String, String>> configs, int rung, int epochs)
            throws IOException, InterruptedException {
        List<TrialResult> done = new ArrayList<>();
        List<Future<TrialResult>> running = new ArrayList<>();
        int skipped = 0;
        for (Map<String, String> c : configs) {
            TrialResult old = log.find(TrialResult.keyOf(c), rung, epochs);
            if (old != null) {
                done.add(old);
                skipped++;
            } else {
                running.add(pool.submit(() -> trial(c, rung, epochs, configs.size())));
            }
        }
        if (skipped > 0) {
            out.accept("rung " + rung + ": " + skipped + " of " + configs.size()
                    + " trials already in " + log.file() + ", not run again");
        }
        for (Future<TrialResult> f : running) {
            try {
                done.add(f.get());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException("a trial failed unexpectedly: " + cause, cause);
            }
        }
        done.sort(Comparator.comparingDouble(TrialResult::rankingScore).reversed());
        return done;
    }

    private TrialResult trial(Map<String, String> params, int rung, int epochs, int of) throws IOException {
        long start = System.nanoTime();
        String key = TrialResult.keyOf(params);
        TrialResult result;
        try {
            TrialRunner.Outcome o = runner.run(params, epochs);
            result = new TrialResult(key, params, rung, epochs, o.score(), o.metric(), o.valLoss(),
                    (System.nanoTime() - start) / 1e9, null);
        } catch (Exception e) {
            // a configuration that cannot train (diverged, or refused by a layer) is a result too: it ranks last
            String why = e instanceof IllegalArgumentException || e instanceof TrainingDivergedException
                    ? e.getMessage() : e.toString();
            result = new TrialResult(key, params, rung, epochs, Double.NaN, "", Double.NaN,
                    (System.nanoTime() - start) / 1e9, why);
        }
        log.append(result);
        out.accept(String.format(java.util.Locale.ROOT, "rung %d (%d epochs, %d trials): %-50s → %s (%.1fs)", rung,
                epochs, of, key, result.error() != null ? "failed: " + result.error()
                        : String.format(java.util.Locale.ROOT, "%s %.4f", result.metric(), result.score()),
                result.seconds()));
        return result;
    }
}
