package org.nn4j.layers;

import org.nn4j.tensor.Shape;

/**
 * Where a sliding window (a convolution's kernel, a pooling window) reads an image: the input (C, H, W), the
 * window's size and stride, the zeros added before the first row and column, and the output positions OH × OW.
 * Output position (oh, ow) reads input rows {@code oh·strideH − padTop + i}, columns {@code ow·strideW − padLeft + j}
 * for i &lt; kernelH, j &lt; kernelW; positions outside the image read 0.
 */
record Window(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW, int padTop,
              int padLeft, int outHeight, int outWidth) {

    /** The window over {@code input} with the given kernel, stride and padding; throws if no position fits. */
    static Window of(String layer, Shape input, int kernelH, int kernelW, int strideH, int strideW, Padding padding) {
        if (!input.isImage()) {
            throw new IllegalArgumentException(layer + " takes images (C, H, W), not a vector " + input
                    + " (give the data --input-shape C,H,W)");
        }
        int oh = padding.outputs(input.height(), kernelH, strideH, 0);
        int ow = padding.outputs(input.width(), kernelW, strideW, 1);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(layer + ": a " + kernelH + "×" + kernelW + " window with padding "
                    + padding + " does not fit an image of " + input.height() + "×" + input.width());
        }
        return new Window(input.channels(), input.height(), input.width(), kernelH, kernelW, strideH, strideW,
                padding.before(input.height(), kernelH, strideH, 0), padding.before(input.width(), kernelW, strideW, 1),
                oh, ow);
    }

    /** C·kh·kw: the values one window reads, the rows of the im2col matrix. */
    int patch() {
        return channels * kernelH * kernelW;
    }

    /** OH·OW: the output positions of one channel. */
    int positions() {
        return outHeight * outWidth;
    }

    /** H·W: the pixels of one input channel. */
    int pixels() {
        return height * width;
    }

    /** The first output column whose window column j lies inside the image: ow·strideW − padLeft + j ≥ 0. */
    int firstColumn(int j) {
        int need = padLeft - j;
        return need <= 0 ? 0 : Math.min(outWidth, (need + strideW - 1) / strideW);
    }

    /** One past the last output column whose window column j lies inside: ow·strideW − padLeft + j &lt; W. */
    int endColumn(int j) {
        int limit = width + padLeft - j;
        return limit <= 0 ? 0 : Math.min(outWidth, (limit + strideW - 1) / strideW);
    }

    /**
     * The zeros the windows read beyond each edge, {top, left, bottom, right}, as ONNX's {@code pads}: the bottom
     * and right are only what the last window reaches, so a padding the stride never reaches counts as none.
     */
    int[] pads() {
        return new int[] {padTop, padLeft, Math.max(0, (outHeight - 1) * strideH + kernelH - height - padTop),
                Math.max(0, (outWidth - 1) * strideW + kernelW - width - padLeft)};
    }
}
