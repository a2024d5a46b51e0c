package org.nn4j.data;

/**
 * Images read from an IDX file: {@code count} images of {@code rows × cols} pixels, sample-major and row-major
 * within an image (pixel (r, c) of image i is at {@code i·rows·cols + r·cols + c}), scaled to [0, 1].
 *
 * @param pixels not copied: do not modify
 * @param count the number of images
 * @param rows  pixel rows per image
 * @param cols  pixel columns per image
 */
public record IdxImages(int count, int rows, int cols, float[] pixels) {
    public IdxImages {
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("need count ≥ 0 images of rows, cols > 0 pixels, got " + count + " of "
                    + rows + "×" + cols);
        }
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException(count + " images of " + rows + "×" + cols + " need "
                    + (long) count * rows * cols + " pixels, got " + pixels.length);
        }
    }

    /**
     * Pixels per image: the number of features when each image is one sample.
     *
     * @return rows × cols
     */
    public int pixelsPerImage() {
        return rows * cols;
    }
}
