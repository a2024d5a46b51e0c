package org.nn4j.tune;

import java.util.ArrayList;
import java.util.List;

/**
 * The budget of successive halving (Jamieson and Talwalkar 2016; Li et al. 2018, "Hyperband"): every
 * configuration trains for {@code minEpochs}, the best 1/η go on to η times the epochs, and so on until
 * {@code maxEpochs}, so weak configurations stop early and most of the budget goes to the promising ones.
 * With {@code minEpochs == maxEpochs} there is one rung: every configuration gets the full budget.
 *
 * <p>Each rung trains its survivors from the start with the larger budget rather than resuming them: a result is
 * then exactly what {@code nn train} with those flags gives, and a resumed search needs no stored weights.
 *
 * @param minEpochs the epoch budget of the first rung (≥ 1)
 * @param maxEpochs the epoch budget of the last rung (≥ minEpochs)
 * @param eta       the factor by which each rung multiplies the budget and divides the survivors (≥ 2)
 */
public record SuccessiveHalving(int minEpochs, int maxEpochs, int eta) {
    public SuccessiveHalving {
        if (minEpochs <= 0 || maxEpochs < minEpochs) {
            throw new IllegalArgumentException("successive halving needs 0 < min epochs ≤ epochs, got " + minEpochs
                    + " and " + maxEpochs);
        }
        if (eta < 2) {
            throw new IllegalArgumentException("successive halving needs a reduction factor η ≥ 2, got " + eta);
        }
    }

    /** The epochs of each rung: minEpochs·η^r, the last capped at (and always reaching) maxEpochs. */
    public List<Integer> rungEpochs() {
        List<Integer> epochs = new ArrayList<>();
        long e = minEpochs;
        while (e < maxEpochs) {
            epochs.add((int) e);
            e *= eta;
        }
        epochs.add(maxEpochs);
        return epochs;
    }

    /** How many of {@code n} configurations go on to the next rung: ⌈n/η⌉. */
    public int survivors(int n) {
        return (n + eta - 1) / eta;
    }
}
