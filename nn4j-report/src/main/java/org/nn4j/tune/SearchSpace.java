package org.nn4j.tune;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The hyper-parameters to search, each an {@code nn train} flag with its candidate values: a list of choices
 * ({@code 32,128}), or a range {@code low..high} searched on a log scale, as learning rates and L2 strengths
 * should be (Bergstra and Bengio 2012: random search over log-uniform ranges beats a grid of equal budget when few
 * settings matter). A configuration maps each flag to one value, in the order the dimensions were given.
 */
public final class SearchSpace {
    private final List<Dimension> dimensions;

    public SearchSpace(List<Dimension> dimensions) {
        if (dimensions.isEmpty()) {
            throw new IllegalArgumentException("a search space needs at least one hyper-parameter");
        }
        Set<String> flags = new LinkedHashSet<>();
        for (Dimension d : dimensions) {
            if (!flags.add(d.flag())) {
                throw new IllegalArgumentException("search space: " + d.flag() + " is given twice");
            }
        }
        this.dimensions = List.copyOf(dimensions);
    }

    /**
     * One hyper-parameter: choices, or (when {@code choices} is null) the log-scale range [low, high].
     *
     * @param flag    the {@code nn train} flag it sets, e.g. {@code --lr}
     * @param choices the values to choose from, or null for a range
     * @param low     the range's lower end (for a range)
     * @param high    the range's upper end (for a range)
     */
    public record Dimension(String flag, List<String> choices, double low, double high) {
        public Dimension {
            if (choices != null) {
                if (choices.isEmpty()) {
                    throw new IllegalArgumentException(flag + ": needs at least one value");
                }
                choices = List.copyOf(choices);
            } else if (!(low > 0 && high >= low && Double.isFinite(high))) {
                throw new IllegalArgumentException(flag + ": a log-scale range needs 0 < low ≤ high, got " + low
                        + ".." + high);
            }
        }

        /** {@code a,b,c} as choices, {@code low..high} as a log-scale range. */
        public static Dimension parse(String flag, String spec) {
            int dots = spec.indexOf("..");
            if (dots < 0) {
                return new Dimension(flag, List.of(spec.split(",")).stream().map(String::trim).toList(), 0, 0);
            }
            try {
                return new Dimension(flag, null, Double.parseDouble(spec.substring(0, dots)),
                        Double.parseDouble(spec.substring(dots + 2)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + ": '" + spec + "' is not a range low..high of numbers", e);
            }
        }

        /** Values for a grid: the choices, or {@code points} log-spaced values from low to high. */
        List<String> gridValues(int points) {
            if (choices != null) {
                return choices;
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < points; i++) {
                double t = points == 1 ? 0.5 : (double) i / (points - 1);
                values.add(format(Math.exp(Math.log(low) + t * (Math.log(high) - Math.log(low)))));
            }
            return List.copyOf(new LinkedHashSet<>(values));
        }

        /** One value: a uniform choice, or log-uniform in the range. */
        String sample(SplittableRandom rng) {
            if (choices != null) {
                return choices.get(rng.nextInt(choices.size()));
            }
            return format(Math.exp(rng.nextDouble(Math.log(low), Math.nextUp(Math.log(high)))));
        }

        private static String format(double v) {
            return new BigDecimal(v).round(new MathContext(2)).stripTrailingZeros().toPlainString();
        }
    }

    /** Every combination; ranges contribute {@code points} log-spaced values each. */
    public List<Map<String, String>> grid(int points) {
        if (points <= 0) {
            throw new IllegalArgumentException("grid points must be positive, got " + points);
        }
        List<Map<String, String>> configs = new ArrayList<>();
        configs.add(new LinkedHashMap<>());
        for (Dimension d : dimensions) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : configs) {
                for (String v : d.gridValues(points)) {
                    Map<String, String> c = new LinkedHashMap<>(partial);
                    c.put(d.flag(), v);
                    next.add(c);
                }
            }
            configs = next;
        }
        return List.copyOf(configs);
    }

    /** {@code n} distinct random configurations drawn with {@code seed} (fewer if the space has fewer). */
    public List<Map<String, String>> random(int n, long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("the number of trials must be positive, got " + n);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Set<Map<String, String>> configs = new LinkedHashSet<>();
        for (int draw = 0; draw < 100 * n && configs.size() < n; draw++) {
            Map<String, String> c = new LinkedHashMap<>();
            for (Dimension d : dimensions) {
                c.put(d.flag(), d.sample(rng));
            }
            configs.add(c);
        }
        return List.copyOf(configs);
    }

    /** A configuration as the flags of a command line: {@code --lr 0.001 --layers 128,64}. */
    public static List<String> flags(Map<String, String> config) {
        List<String> args = new ArrayList<>();
        config.forEach((flag, value) -> {
            args.add(flag);
            args.add(value);
        });
        return args;
    }
}
