package org.nn4j.layers;

import java.util.List;
import org.nn4j.tensor.Shape;

/**
 * The mean of each channel over the whole image: (C, H, W) → (C), A[c] = Σ_{h,w} X[c, h, w] / (H·W) (Lin et al.
 * 2014, "Network in Network"), which can replace Flatten before the dense layers. It is average pooling with an
 * H × W window, whose single output position per channel is already laid out as a vector of C features.
 * Backward: every pixel of channel c gets dA[c] / (H·W).
 */
public final class GlobalAveragePooling2D extends AvgPool2D {
    /** Global average pooling, which has no settings. */
    public GlobalAveragePooling2D() {
        super(1);
    }

    @Override
    Window geometry(Shape input) {
        if (!input.isImage()) {
            throw new IllegalArgumentException(describe() + " takes images (C, H, W), not a vector " + input);
        }
        return Window.of(describe(), input, input.height(), input.width(), 1, 1, Padding.VALID);
    }

    @Override
    Shape output(Window w) {
        return Shape.features(w.channels());
    }

    @Override
    public List<Equation> forwardEquations(int l, int m) {
        return List.of(new Equation(Equation.at("A", l) + " = mean_{h,w} " + Equation.at("A", l - 1),
                inputShape() + "×m → " + Equation.shape(outputSize(), m), "the mean of each channel's "
                + geometry.pixels() + " pixels", out != null && out.cols() == m ? out : null));
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.globalAveragePooling2D(this);
    }

    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public String describe() {
        return "GlobalAveragePooling2D";
    }

    /** Global average pooling has no settings. */
    public record Config() implements LayerConfig {
        /** A fresh layer. */
        @Override
        public GlobalAveragePooling2D create() {
            return new GlobalAveragePooling2D();
        }
    }
}
