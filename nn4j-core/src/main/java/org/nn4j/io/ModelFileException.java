package org.nn4j.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file cannot be loaded, and {@link #problem()} says which of the distinct reasons applies, so a program
 * can tell a file cut short by a crash from one damaged on disk, one written by a newer nn4j, or one whose weights
 * do not fit its architecture. The message names the file and the details.
 */
public final class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the file cannot be loaded. */
    public enum Problem {
        /** There is no file at the path. */
        NOT_FOUND("no such file"),
        /** The path is a directory (a checkpoint directory is read by {@code Checkpoint.load}). */
        DIRECTORY("a directory, not a model file"),
        /** The file ends before the data its header describes (an interrupted copy or download). */
        TRUNCATED("truncated"),
        /** The content does not match its checksum, or its header is not valid safetensors: bytes have changed. */
        CORRUPTED("corrupted"),
        /** Written in a format version this nn4j does not read (a newer nn4j wrote it). */
        UNSUPPORTED_VERSION("unsupported format version"),
        /** A weight tensor is missing or its shape does not fit the architecture the file declares. */
        SHAPE_MISMATCH("weights do not fit the architecture"),
        /** A readable safetensors file, but not an nn4j model, or one lacking required metadata. */
        NOT_A_MODEL("not an nn4j model file");

        private final String label;

        Problem(String label) {
            this.label = label;
        }
    }

    private final Problem problem;

    /**
     * An exception naming the file, the problem and the detail.
     *
     * @param file    the model file
     * @param problem which kind of failure
     * @param detail  what exactly was found, for the message
     */
    public ModelFileException(Path file, Problem problem, String detail) {
        this(file, problem, detail, null);
    }

    /**
     * As {@link #ModelFileException(Path, Problem, String)} with the exception that revealed the problem.
     *
     * @param file    the model file
     * @param problem which kind of failure
     * @param detail  what exactly was found
     * @param cause   the underlying exception
     */
    public ModelFileException(Path file, Problem problem, String detail, Throwable cause) {
        super(file + ": " + problem.label + ": " + detail, cause);
        this.problem = problem;
    }

    /**
     * Why the file cannot be loaded.
     *
     * @return the problem
     */
    public Problem problem() {
        return problem;
    }
}
