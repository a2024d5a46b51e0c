package org.nn4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nn4j.config.Json;
import org.nn4j.gradcheck.GradientCheck;
import org.nn4j.gradcheck.GradientCheckSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nn gradcheck}: analytic gradients against central differences for every combination; exit 1 on failure. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = "Check every layer × activation × loss gradient against central differences in float64.")
final class GradcheckCommand implements Callable<Integer> {
    @Option(names = "--seed", defaultValue = "1", description = "seed of the random shapes and values (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--repeats", defaultValue = "2", description = "random networks per combination (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--json", description = "print the cases and the worst error as JSON")
    boolean json;

    @Override
    public Integer call() {
        if (repeats <= 0) {
            throw new IllegalArgumentException("--repeats must be positive, got " + repeats);
        }
        List<GradientCheckSuite.Case> cases = GradientCheckSuite.run(seed, repeats);
        double worst = cases.stream().mapToDouble(c -> c.result().maxRelativeError()).max().orElse(0);
        long failed = cases.stream().filter(c -> !c.result().passed()).count();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (GradientCheckSuite.Case c : cases) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("case", c.description());
                row.put("shape", c.shape());
                row.put("max_relative_error", c.result().maxRelativeError());
                row.put("worst_tensor", c.result().worst().tensor());
                row.put("passed", c.result().passed());
                rows.add(row);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("cases", rows);
            out.put("max_relative_error", worst);
            out.put("tolerance", GradientCheck.TOLERANCE);
            out.put("passed", failed == 0);
            System.out.println(Json.toJson(out));
        } else {
            for (GradientCheckSuite.Case c : cases) {
                System.out.printf(Locale.ROOT, "%-4s %-44s %-16s max rel error %.2e (%s)%n",
                        c.result().passed() ? "ok" : "FAIL", c.description(), c.shape(),
                        c.result().maxRelativeError(), c.result().worst().tensor());
            }
            System.out.printf(Locale.ROOT, "%d cases, %d failed; worst relative error %.3e (pass mark %.0e)%n",
                    cases.size(), failed, worst, GradientCheck.TOLERANCE);
        }
        return failed == 0 ? 0 : 1;
    }
}
