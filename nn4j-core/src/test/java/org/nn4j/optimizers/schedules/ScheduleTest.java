package org.nn4j.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each schedule's rate at chosen points of a run, worked by hand from its formula. */
class ScheduleTest {
    @Test
    void stepDecayMultipliesEveryPeriod() {
        Schedule s = new StepDecay(3, 0.5).create();
        assertEquals(1.0, s.rate(1, 0.5, 10));
        assertEquals(1.0, s.rate(1, 2.99, 10));
        assertEquals(0.5, s.rate(1, 3.01, 10));
        assertEquals(0.125, s.rate(1, 9.5, 10));
    }

    @Test
    void exponentialDecayStartsAtTheBaseRateAndDecaysPerEpoch() {
        Schedule s = new ExponentialDecay(0.9).create();
        assertEquals(0.1, s.rate(0.1, 0.5, 5), 1e-17);
        assertEquals(0.1 * 0.81, s.rate(0.1, 2.5, 5), 1e-17);
    }

    @Test
    void cosineWarmsUpLinearlyThenFallsAlongHalfACosine() {
        Schedule s = new CosineDecay(2, 0.0).create();
        assertEquals(0.25, s.rate(1, 0.5, 10), 1e-15);
        assertEquals(0.75, s.rate(1, 1.5, 10), 1e-15);
        assertEquals(1.0, s.rate(1, 2.0, 10), 1e-15);
        // halfway through the 8 epochs of decay: (1 + cos π/2) / 2 = 1/2
        assertEquals(0.5, s.rate(1, 6.0, 10), 1e-15);
        // a quarter of the way: (1 + cos π/4) / 2
        assertEquals((1 + Math.sqrt(0.5)) / 2, s.rate(1, 4.0, 10), 1e-15);
        assertTrue(s.rate(1, 9.99, 10) > 0);
        assertEquals(0.1 + 0.9 * 0.5, new CosineDecay(0, 0.1).rate(1, 5, 10), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CosineDecay(2, 0).validate(2));
        assertTrue(e.getMessage().contains("no epoch of decay"), e.getMessage());
    }

    @Test
    void reduceOnPlateauCutsTheRateAfterPatienceEpochsWithoutImprovement() {
        Schedule s = new ReduceOnPlateau.Config("val_loss", 0.5, 2, 0.01).create();
        double[] valLoss = {1.0, 0.9, 0.95, 0.92, 0.8, 0.85, 0.81, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9};
        double[] expected = {1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625};
        for (int e = 0; e < valLoss.length; e++) {
            assertEquals(expected[e], s.rate(1, e + 0.5, 20), "epoch " + (e + 1));
            s.onEpochEnd(Map.of("val_loss", valLoss[e]));
        }
        Schedule floor = new ReduceOnPlateau.Config("loss", 0.1, 1, 0.05).create();
        floor.onEpochEnd(Map.of("loss", 1.0));
        floor.onEpochEnd(Map.of("loss", 1.0));
        floor.onEpochEnd(Map.of("loss", 1.0));
        assertEquals(0.05, floor.rate(1, 3.5, 5), "never below the minimum rate");
    }

    @Test
    void theCommandLineFormsParse() {
        assertEquals(new StepDecay(10, 0.1), ScheduleConfig.parse("step:10", 0));
        assertEquals(new StepDecay(5, 0.3), ScheduleConfig.parse("step:5:0.3", 0));
        assertEquals(new ExponentialDecay(0.95), ScheduleConfig.parse("exponential", 0));
        assertEquals(new CosineDecay(2, 0), ScheduleConfig.parse("cosine", 2));
        assertEquals(new ReduceOnPlateau.Config("val_accuracy", 0.5, 3, 0),
                ScheduleConfig.parse("plateau:val_accuracy:3:0.5", 0));
        assertNull(ScheduleConfig.parse("none", 0));
        assertThrows(IllegalArgumentException.class, () -> ScheduleConfig.parse("step", 0));
        assertThrows(IllegalArgumentException.class, () -> ScheduleConfig.parse("step:10", 2));
        assertThrows(IllegalArgumentException.class, () -> ScheduleConfig.parse("cyclic", 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScheduleConfig.parse("exponential:fast", 0));
        assertTrue(e.getMessage().contains("exponential:fast"), e.getMessage());
    }
}
