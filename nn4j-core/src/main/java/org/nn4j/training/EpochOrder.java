package org.nn4j.training;

import java.util.SplittableRandom;

/**
 * The randomness of a training run: the seed split once per use in a fixed order — initialisation, shuffling,
 * training noise — and, for each epoch, its sample order and noise seed drawn from generators of (seed, epoch)
 * alone, so that any epoch can be reproduced without replaying the ones before it. Every trainer that draws from
 * it, on one machine or data-parallel, starts from the same weights and sees the same mini-batches: batch b of an
 * epoch is samples {@code order[b·m .. b·m + m)}.
 */
public final class EpochOrder {
    private final long initSeed;
    private final long shuffleSeed;
    private final long noiseSeed;
    private final boolean shuffle;

    public EpochOrder(long seed, boolean shuffle) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom initRng = root.split();
        this.shuffleSeed = root.split().nextLong();
        this.noiseSeed = root.split().nextLong();
        this.initSeed = initRng.nextLong();
        this.shuffle = shuffle;
    }

    /** The seed for initialising a model's parameters. */
    public long initSeed() {
        return initSeed;
    }

    /**
     * Writes the sample order of {@code epoch} (1-based) into {@code order}: 0, 1, …, n − 1, shuffled
     * (Fisher–Yates) by the epoch's own generator when shuffling.
     */
    public void fill(int epoch, int[] order) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom rng = epochRandom(shuffleSeed, epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }

    /** The seed of the model's training noise (dropout masks) in {@code epoch}. */
    public long noiseSeed(int epoch) {
        return epochRandom(noiseSeed, epoch).nextLong();
    }

    private static SplittableRandom epochRandom(long seed, int epoch) {
        return new SplittableRandom(seed + epoch).split();
    }
}
