package org.nn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The dropout mask keeps element i exactly where {@link Noise#uniform}(key, i) ≥ rate, in both element types. */
class DropoutMaskTest {
    @Test
    void theMaskKeepsExactlyTheElementsWhoseUniformReachesTheRate() {
        long key = new Noise().key(3);
        for (DType dtype : DType.values()) {
            for (double rate : new double[] {0, 0.1, 0.25, 0.5, 0.9, Math.nextDown(1.0)}) {
                double scale = 1 / (1 - rate);
                Tensor mask = Tensor.zeros(dtype, 301, 7);
                Ops.dropoutMask(mask, key, rate, scale);
                int kept = 0;
                for (int i = 0; i < mask.size(); i++) {
                    boolean keep = Noise.uniform(key, i) >= rate;
                    double expected = keep ? (dtype == DType.F32 ? (float) scale : scale) : 0;
                    assertEquals(expected, mask.getFlat(i), 0, dtype + ", rate " + rate + ", element " + i);
                    kept += keep ? 1 : 0;
                }
                if (rate == 0) {
                    assertEquals(mask.size(), kept);
                }
            }
        }
    }

    @Test
    void theBitsAreTheUniformsNumerator() {
        for (long i = 0; i < 1000; i++) {
            long bits = Noise.bits(42, i);
            assertTrue(bits >= 0 && bits < (1L << 53));
            assertEquals(bits * 0x1.0p-53, Noise.uniform(42, i), 0);
        }
    }
}
