package org.nn4j.serve;

import java.time.Instant;
import org.nn4j.io.SavedModel;

/**
 * One loaded, checked version of a served model. Immutable once published: the inference thread reads the current
 * version once per batch, so a reload takes effect between two batches and no request sees half of each.
 *
 * @param saved the model file's content
 * @param number 1 for the file loaded at start, one more for each replacement that took traffic
 * @param loaded when it was loaded
 */
record ModelVersion(SavedModel saved, long number, Instant loaded) {
    int width() {
        return saved.model().inputSize();
    }

    int outputs() {
        return saved.model().outputSize();
    }

    /** Sample-major model outputs for n sample-major rows of raw features, after the model's own input scaling. */
    float[] predict(float[] raw, int n) {
        float[] x = "none".equals(saved.scaler().kind()) ? raw : saved.scaler().transform(raw, width());
        float[] out = saved.model().predict(x, n);
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i])) {
                throw new IllegalStateException("sample " + i / outputs() + " of the batch gave a non-finite output "
                        + out[i]);
            }
        }
        return out;
    }
}
