package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingTest {
    // 3 samples × 2 features. Column 0: min 1, max 6, mean 3, squared deviations 4 + 1 + 9 = 14.
    // Column 1: min −2, max 8, mean 2, squared deviations 16 + 4 + 36 = 56.
    private static final float[] TRAIN = {1, -2, 2, 0, 6, 8};
    private static final Dataset TRAIN_SET = Dataset.classification(TRAIN.clone(), 2, new int[] {0, 1, 0}, List.of());
    private static final Dataset TEST_SET = Dataset.classification(new float[] {11, 18}, 2, new int[] {1}, List.of());

    @Test
    void minMaxOffsetsAndScalesByHand() {
        FittedScaler s = Scaling.fit("minmax", TRAIN_SET);
        assertEquals("minmax", s.kind());
        assertArrayEquals(new float[] {1, -2}, s.offset());
        assertArrayEquals(new float[] {1 / 5f, 1 / 10f}, s.scale(), 1e-7f);
        assertArrayEquals(new float[] {0, 0, 0.2f, 0.2f, 1, 1}, s.transform(TRAIN_SET).features(), 1e-6f);
    }

    @Test
    void standardUsesThePopulationStandardDeviation() {
        FittedScaler s = Scaling.fit("standard", TRAIN_SET);
        assertArrayEquals(new float[] {3, 2}, s.offset());
        // σ = √(14/3) = 2.1602469 and √(56/3) = 4.3204938, so the scales are 0.46291005 and 0.23145502.
        assertArrayEquals(new float[] {0.46291005f, 0.23145502f}, s.scale(), 1e-7f);
        float[] z = s.transform(TRAIN, 2);
        assertArrayEquals(new float[] {-0.9258201f, -0.9258201f, -0.46291005f, -0.46291005f, 1.3887302f, 1.3887302f},
                z, 1e-6f);
    }

    @Test
    void testDataIsScaledWithTheTrainingStatistics() {
        // (11 − 1) / 5 = 2 and (18 + 2) / 10 = 2: outside [0, 1], as data beyond the training range must be.
        assertArrayEquals(new float[] {2, 2}, Scaling.minMax(TRAIN_SET).transform(TEST_SET).features(), 1e-6f);
        // (11 − 3) · 0.46291005 = 3.7032804 and (18 − 2) · 0.23145502 = 3.7032804.
        Dataset z = Scaling.standard(TRAIN_SET).transform(TEST_SET);
        assertArrayEquals(new float[] {3.7032804f, 3.7032804f}, z.features(), 1e-6f);
        assertArrayEquals(new int[] {1}, z.labels());
        assertArrayEquals(new float[] {11, 18}, TEST_SET.features(), "the input is left unchanged");
    }

    @Test
    void constantFeaturesGetScaleOneAndMapToZero() {
        Dataset data = Dataset.regression(new float[] {4, 1, 4, 3, 4, 5}, 2, new float[] {0, 0, 0}, 1);
        for (String kind : List.of("minmax", "standard")) {
            FittedScaler s = Scaling.fit(kind, data);
            assertEquals(4f, s.offset()[0]);
            assertEquals(1f, s.scale()[0]);
            float[] x = s.transform(data).features();
            assertEquals(0f, x[0]);
            assertEquals(0f, x[2]);
            assertEquals(0f, x[4]);
        }
    }

    @Test
    void noneIsTheIdentity() {
        FittedScaler s = Scaling.fit("none", TRAIN_SET);
        assertArrayEquals(new float[] {0, 0}, s.offset());
        assertArrayEquals(new float[] {1, 1}, s.scale());
        assertArrayEquals(TRAIN, s.transform(TRAIN, 2));
    }

    @Test
    void fittedScalersAreImmutableValues() {
        float[] offset = {1, 2};
        FittedScaler s = new FittedScaler("minmax", offset, new float[] {3, 4});
        offset[0] = 99;
        s.offset()[1] = 99;
        assertArrayEquals(new float[] {1, 2}, s.offset());
        assertEquals(new FittedScaler("minmax", new float[] {1, 2}, new float[] {3, 4}), s);
        assertNotEquals(new FittedScaler("standard", new float[] {1, 2}, new float[] {3, 4}), s);
    }

    @Test
    void invalidUseIsRejectedWithTheValues() {
        assertEquals("unknown scaling 'zscore'; expected minmax, standard or none",
                assertThrows(IllegalArgumentException.class, () -> Scaling.fit("zscore", TRAIN_SET)).getMessage());
        assertEquals("this scaler was fitted on 2 features; got 3 values in rows of 3",
                assertThrows(IllegalArgumentException.class,
                        () -> Scaling.minMax(TRAIN_SET).transform(new float[] {1, 2, 3}, 3)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new FittedScaler("minmax", new float[] {0}, new float[] {0}));
    }
}
