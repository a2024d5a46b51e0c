package org.nn4j.data;

/**
 * How a CSV file is laid out and what it may hold.
 *
 * @param header     whether the first row names the columns; without one the columns are known by their 0-based
 *                   position only, and a model matches them by position
 * @param maxClasses the most classes a label column may make: a label of 999999999 (a real value or an id in the
 *                   wrong column) would otherwise build a model of a billion outputs
 */
public record CsvOptions(boolean header, int maxClasses) {
    /** The default bound on the number of classes. */
    public static final int MAX_CLASSES = 10_000;

    /** A header row and at most {@link #MAX_CLASSES} classes. */
    public static final CsvOptions DEFAULT = new CsvOptions(true, MAX_CLASSES);

    /** Checks that the bound is positive. */
    public CsvOptions {
        if (maxClasses < 2) {
            throw new IllegalArgumentException("the class bound must be at least 2, got " + maxClasses);
        }
    }

    /** The same with or without a header row. */
    public CsvOptions withHeader(boolean hasHeader) {
        return new CsvOptions(hasHeader, maxClasses);
    }

    /** The same with another bound on the number of classes. */
    public CsvOptions withMaxClasses(int bound) {
        return new CsvOptions(header, bound);
    }
}
