package org.nn4j.layers;

import org.nn4j.tensor.Tensor;

/**
 * A batch seen with another number of rows over the same storage: an image batch {@code C·H·W × m} as
 * {@code C × (H·W·m)}, one row per channel, which is how a convolution's GEMM and per-channel batch normalisation
 * read it. The view is made once per batch tensor and kept while that tensor is handed in again, so steady-state
 * training allocates nothing.
 */
final class Reshaped {
    private Tensor of;
    private Tensor view;

    /** {@code t} as {@code rows × (size / rows)}; {@code t} itself if it already has that many rows. */
    Tensor of(Tensor t, int rows) {
        if (t.rows() == rows) {
            return t;
        }
        if (t != of || view.rows() != rows) {
            of = t;
            view = t.view(0, rows, t.size() / rows);
        }
        return view;
    }
}
