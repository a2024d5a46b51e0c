package org.nn4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The four cases of Ng's table (Machine Learning Yearning, ch. 21), with a baseline of 0 unless said. */
class DiagnosisTest {
    @Test
    void trainOneDevElevenIsHighVariance() {
        Diagnosis d = Diagnosis.of(0, 0.01, 0.11, Double.NaN, 0.02);
        assertEquals(Diagnosis.Verdict.HIGH_VARIANCE, d.verdict());
        assertTrue(d.advice().get(0).startsWith("variance 10.00% (validation 11.00% vs training 1.00%)"),
                d.advice().toString());
    }

    @Test
    void trainFifteenDevSixteenIsHighBias() {
        Diagnosis d = Diagnosis.of(0, 0.15, 0.16, Double.NaN, 0.02);
        assertEquals(Diagnosis.Verdict.HIGH_BIAS, d.verdict());
        assertTrue(d.advice().get(0).contains("bigger network"), d.advice().toString());
    }

    @Test
    void trainFifteenDevThirtyIsBoth() {
        Diagnosis d = Diagnosis.of(0, 0.15, 0.30, Double.NaN, 0.02);
        assertEquals(Diagnosis.Verdict.HIGH_BIAS_AND_VARIANCE, d.verdict());
        assertEquals("work on the bias first: it is the larger gap", d.advice().get(2));
    }

    @Test
    void aHumanLevelBaselineTurnsBiasIntoAGoodFit() {
        // 15% training error is no bias problem when people err 14% of the time
        Diagnosis d = Diagnosis.of(0.14, 0.15, 0.16, 0.165, 0.02);
        assertEquals(Diagnosis.Verdict.GOOD_FIT, d.verdict());
    }

    @Test
    void aTestErrorFarAboveValidationIsFlagged() {
        Diagnosis d = Diagnosis.of(0.04, 0.05, 0.06, 0.12, 0.02);
        assertEquals(Diagnosis.Verdict.GOOD_FIT, d.verdict());
        assertTrue(d.advice().get(0).startsWith("test error 12.00% exceeds validation error 6.00%"));
        assertThrows(IllegalArgumentException.class, () -> Diagnosis.of(0, 0.1, Double.NaN, Double.NaN, 0.02));
    }
}
