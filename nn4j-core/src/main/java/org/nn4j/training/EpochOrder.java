package org.nn4j.training;

import java.util.SplittableRandom;
import org.nn4j.models.Batch;

/**
 * The randomness of a training run and the order in which it visits the samples, epoch after epoch. The run's
 * seed is split once per use in a fixed order — initialisation first, then shuffling — so every trainer that
 * draws from it, on one machine or data-parallel, starts from the same weights and sees the same mini-batches:
 * batch b of an epoch is samples {@code order[b·m .. b·m + m)}.
 */
public final class EpochOrder {
    private final long initSeed;
    private final SplittableRandom shuffleRng;
    private final boolean shuffle;
    private final int[] order;

    /** The order over {@code n} samples for a run seeded with {@code seed}; identity order without shuffling. */
    public EpochOrder(long seed, boolean shuffle, int n) {
        SplittableRandom root = new SplittableRandom(seed);
        this.initSeed = root.split().nextLong();
        this.shuffleRng = root.split();
        this.shuffle = shuffle;
        this.order = Batch.identity(n);
    }

    /** The seed for initialising a model's parameters. */
    public long initSeed() {
        return initSeed;
    }

    /**
     * The order of the next epoch: the previous one shuffled in place (Fisher–Yates) when shuffling, else
     * 0, 1, …, n − 1. The array is reused; it is valid until the next call.
     */
    public int[] next() {
        if (shuffle) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = shuffleRng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }
}
