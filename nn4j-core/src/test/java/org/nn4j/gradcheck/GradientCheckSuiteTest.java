package org.nn4j.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GradientCheckSuiteTest {
    @Test
    void everyActivationAndLossCombinationHasExactGradients() {
        List<GradientCheckSuite.Case> cases = GradientCheckSuite.run(42, 2);
        // (8 heads × (6 hidden activations + none + 4 craft features) + 10 image networks) × 2 repeats
        assertEquals((8 * 11 + 10) * 2, cases.size());
        for (String layer : List.of("conv", "maxpool", "avgpool", "global avg pool", "batch norm 2D", "dropout",
                "stride 2", "padding 1", "same", "no bias", "L1 + L2")) {
            assertTrue(cases.stream().filter(c -> c.description().contains(layer)).count() >= 2, layer);
        }
        for (GradientCheckSuite.Craft craft : GradientCheckSuite.Craft.values()) {
            assertEquals(8 * 2, cases.stream().filter(c -> c.description().contains("+ " + craft + " ")).count(),
                    craft::toString);
        }
        for (GradientCheckSuite.Case c : cases) {
            assertTrue(c.result().passed(), () -> c.description() + " [" + c.shape() + "]: "
                    + c.result().worst());
        }
    }

    @Test
    void anotherSeedAlsoPasses() {
        for (GradientCheckSuite.Case c : GradientCheckSuite.run(7, 1)) {
            assertTrue(c.result().maxRelativeError() <= GradientCheck.TOLERANCE, c::toString);
        }
    }
}
