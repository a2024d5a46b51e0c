package org.nn4j.cli;

import org.nn4j.tensor.Parallel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --threads N}: how many threads nn4j computes on, its own kernels and OpenBLAS's products alike
 * ({@link Parallel#setThreads}).
 */
final class ThreadsOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--threads", paramLabel = "N",
            description = "threads to compute on (default: the number of cores)")
    void threads(int threads) {
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        Parallel.setThreads(threads);
    }
}
