package org.nn4j.training;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Prints one line per epoch as training goes, as Keras's {@code verbose=2} does: {@code epoch 3/10: loss 0.41, …}.
 * {@link Trainer} prints through one to standard output unless told {@link Trainer#quiet()}; give one another sink
 * (a logger, a list) to send the lines elsewhere.
 */
public final class ProgressLogger implements TrainingListener {
    private final Consumer<String> sink;
    private int epochs;

    /**
     * A listener that hands each epoch's line to {@code sink}.
     *
     * @param sink receives one line per epoch, without a line break
     */
    public ProgressLogger(Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * The default progress: each line printed to {@code System.out}.
     *
     * @return a new logger
     */
    public static ProgressLogger toStandardOutput() {
        return new ProgressLogger(System.out::println);
    }

    @Override
    public void onEpochBegin(int epoch, int epochs, int batches) {
        this.epochs = epochs;
    }

    @Override
    public void onEpochEnd(EpochLog log) {
        sink.accept(log.toString().replaceFirst("^epoch " + log.epoch() + ":", "epoch " + log.epoch() + "/" + epochs
                + ":"));
    }
}
