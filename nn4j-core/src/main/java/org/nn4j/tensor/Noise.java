package org.nn4j.tensor;

/**
 * The random stream of training-time noise (dropout masks), as a counter-based generator: every random number is
 * a hash of (seed, step, stream, element index), so a mask is a pure function of where and when it is drawn.
 * That makes masks reproducible from the seed, the same on every forward pass of one step (which gradient checks
 * and failure diagnosis replay), and the whole state two numbers that a checkpoint can save and restore.
 *
 * <p>A model owns one; its trainer reseeds it at each epoch from the training seed and the epoch number, and each
 * training step advances it. Layers
 * ask for the {@link #key} of their own stream (their position in the model), so two dropout layers never share
 * a mask. The hash is SplitMix64's finaliser (Steele, Lea &amp; Flood 2014), which passes BigCrush on counters.
 */
public final class Noise {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private long seed;
    private long step;

    /** Starts the stream afresh from {@code seed}, at step 0. */
    public void reseed(long seed) {
        restore(seed, 0);
    }

    /** Moves to the next training step: new masks everywhere. */
    public void advance() {
        step++;
    }

    /** Sets the whole state, as {@link #seed()} and {@link #step()} gave it (checkpoints). */
    public void restore(long seed, long step) {
        this.seed = seed;
        this.step = step;
    }

    public long seed() {
        return seed;
    }

    public long step() {
        return step;
    }

    /** The key of stream {@code stream} at the current step, to hand to {@link Ops#dropoutMask}. */
    public long key(int stream) {
        return mix(mix(mix(seed) + stream) + step);
    }

    /** A uniform double in [0, 1) for element {@code index} under {@code key}: 53 random bits · 2^−53. */
    public static double uniform(long key, long index) {
        return bits(key, index) * 0x1.0p-53;
    }

    /**
     * The 53 random bits behind {@link #uniform}, as an integer in [0, 2^53): uniform(key, index) ≥ p exactly when
     * bits(key, index) ≥ ⌈p·2^53⌉, a comparison of integers that vectorises where the double's does not.
     */
    static long bits(long key, long index) {
        return mix(key + (index + 1) * GOLDEN_GAMMA) >>> 11;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
