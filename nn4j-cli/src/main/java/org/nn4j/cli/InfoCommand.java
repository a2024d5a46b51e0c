package org.nn4j.cli;

import java.util.concurrent.Callable;
import org.nn4j.tensor.Backend;
import org.nn4j.tensor.Parallel;
import picocli.CommandLine.Command;

/** {@code nn info}: the runtime nn4j computes on. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show the Java runtime and GEMM backend in use.")
final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("java      " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        System.out.println("cores     " + Runtime.getRuntime().availableProcessors());
        System.out.println("gemm      " + Backend.describe());
        System.out.println("threads   " + Parallel.threads() + " for nn4j's own kernels (--threads, -D"
                + Parallel.THREADS_PROPERTY + ")");
        return 0;
    }
}
