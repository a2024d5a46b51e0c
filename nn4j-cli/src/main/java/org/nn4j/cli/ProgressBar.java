package org.nn4j.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.nn4j.training.EpochLog;
import org.nn4j.training.TrainingListener;

/**
 * Keras-style progress: on a terminal, a bar per epoch with batches done, loss, accuracy, samples/s and ETA,
 * redrawn at most ten times a second; then one line per epoch with training and validation figures.
 */
final class ProgressBar implements TrainingListener {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final boolean live;
    private long epochStart;
    private long lastDraw;
    private int epochs;

    ProgressBar(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    @Override
    public void onEpochBegin(int epoch, int epochs, int batches) {
        this.epochs = epochs;
        epochStart = System.nanoTime();
        lastDraw = 0;
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, double loss, double accuracy, long samples) {
        if (!live) {
            return;
        }
        long now = System.nanoTime();
        if (batch < batches && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        int filled = (int) ((long) WIDTH * batch / batches);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (batch == batches ? "=" : ">") : "")
                + " ".repeat(WIDTH - filled);
        double eta = elapsed / batch * (batches - batch);
        out.printf(Locale.ROOT, "\rEpoch %d/%d [%s] %d/%d - loss %.4f%s - %,.0f samples/s - ETA %.0fs   ",
                epoch, epochs, bar, batch, batches, loss,
                Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, " - accuracy %.4f", accuracy),
                samples / Math.max(elapsed, 1e-9), eta);
        out.flush();
    }

    @Override
    public void onEpochEnd(EpochLog log) {
        if (live) {
            out.print("\r" + " ".repeat(110) + "\r");
        }
        out.println(line(log, epochs));
    }

    /** One epoch as a line: {@code Epoch 3/10 - 2.1s - loss: 0.4123 - accuracy: 0.8512 - val_loss: …}. */
    static String line(EpochLog log, int epochs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d - %.1fs", log.epoch(), epochs,
                log.get("seconds")));
        log.metrics().forEach((k, v) -> {
            if (k.equals("lr")) {
                sb.append(String.format(Locale.ROOT, " - lr: %.3g", v));
            } else if (!k.equals("seconds") && !k.equals("samples_per_s")) {
                sb.append(String.format(Locale.ROOT, " - %s: %.4f", k, v));
            }
        });
        sb.append(String.format(Locale.ROOT, " - %,.0f samples/s", log.get("samples_per_s")));
        return sb.toString();
    }
}
