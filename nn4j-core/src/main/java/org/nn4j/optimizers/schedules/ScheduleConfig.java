package org.nn4j.optimizers.schedules;

import java.util.Locale;

/**
 * A learning-rate schedule's settings as an immutable, JSON-serialisable record; {@link #create} makes the
 * schedule (stateless schedules are their own record; reduce-on-plateau keeps state and makes a fresh one).
 */
public interface ScheduleConfig {
    Schedule create();

    /** Refuses settings that do not fit a run of {@code epochs} epochs (a warm-up as long as the run). */
    default void validate(int epochs) {
    }

    /**
     * Reads the command line's form: {@code step:EVERY[:FACTOR]}, {@code exponential[:FACTOR]},
     * {@code cosine[:MIN_RATE]} (with {@code warmup} epochs of linear warm-up), {@code plateau[:METRIC[:PATIENCE[:FACTOR]]]},
     * or {@code none} (returns null: a constant rate).
     */
    static ScheduleConfig parse(String spec, int warmup) {
        String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":", -1);
        String name = parts[0];
        if (warmup != 0 && !name.equals("cosine")) {
            throw new IllegalArgumentException("a warm-up applies to the cosine schedule, not to '" + spec + "'");
        }
        try {
            switch (name) {
                case "none": case "constant":
                    requireArguments(spec, parts, 0);
                    return null;
                case "step":
                    requireArguments(spec, parts, 2);
                    if (parts.length < 2) {
                        throw new IllegalArgumentException("the step schedule needs its period in epochs, e.g. step:10");
                    }
                    return new StepDecay(Integer.parseInt(parts[1]),
                            parts.length > 2 ? Double.parseDouble(parts[2]) : StepDecay.DEFAULT_FACTOR);
                case "exponential":
                    requireArguments(spec, parts, 1);
                    return new ExponentialDecay(parts.length > 1 ? Double.parseDouble(parts[1])
                            : ExponentialDecay.DEFAULT_FACTOR);
                case "cosine":
                    requireArguments(spec, parts, 1);
                    return new CosineDecay(warmup, parts.length > 1 ? Double.parseDouble(parts[1]) : 0);
                case "plateau":
                    requireArguments(spec, parts, 3);
                    ReduceOnPlateau.Config d = ReduceOnPlateau.Config.defaults();
                    return new ReduceOnPlateau.Config(parts.length > 1 ? parts[1] : d.monitor(),
                            parts.length > 3 ? Double.parseDouble(parts[3]) : d.factor(),
                            parts.length > 2 ? Integer.parseInt(parts[2]) : d.patience(), d.minRate());
                default:
                    throw new IllegalArgumentException("unknown schedule '" + spec
                            + "' (expected none, step:EVERY[:FACTOR], exponential[:FACTOR], cosine[:MIN_RATE] or "
                            + "plateau[:METRIC[:PATIENCE[:FACTOR]]])");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + spec + "': " + e.getMessage() + " is not a number", e);
        }
    }

    private static void requireArguments(String spec, String[] parts, int max) {
        if (parts.length - 1 > max) {
            throw new IllegalArgumentException("schedule '" + spec + "' has too many arguments (at most " + max + ")");
        }
    }
}
