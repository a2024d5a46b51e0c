package org.nn4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.nn4j.tensor.DType;

/**
 * Reads a numeric CSV file (RFC 4180, UTF-8, optional byte-order mark) with a header row of column names into a
 * {@link Dataset}. One column is the label, or one or more columns are regression targets; every other column is a
 * feature and must hold numbers, read as float32 or, for float64 models, as float64.
 * Spaces around a cell are ignored; blank lines may end the file but not interrupt it.
 *
 * <p>The label column is given by name, or by 0-based index when the text is digits that name no column. For
 * classification, a label column of non-negative integers is used as class indices 0..k−1 (k = largest + 1,
 * classes named "0".."k−1"); any other labels are class names, numbered in sorted (String) order so that the same
 * file always gives the same numbering, whatever the order of its rows.
 *
 * <p>Malformed input fails with an {@link IOException} naming the file, the 1-based line (the header is line 1),
 * the column and the text, e.g. {@code iris.csv:17: column 'petal_width' (4): "abc" is not a number}.
 */
public final class CsvReader {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern CLASS_INDEX = Pattern.compile("-?\\d{1,9}");

    private CsvReader() {
    }

    /**
     * A classification set: the label column holds class indices or class names.
     *
     * @param file the CSV file
     * @param labelColumn the label column's name or 0-based index
     * @return the data set, float32
     * @throws IOException naming the file, line, column and text of a malformed cell
     */
    public static Dataset classification(Path file, String labelColumn) throws IOException {
        return read(file, List.of(labelColumn), true, false);
    }

    /**
     * A classification set whose features are read as {@code dtype}: float64 values are parsed as doubles, for a
     * float64 model to train on unrounded.
     *
     * @param file        the CSV file
     * @param labelColumn the label column's name or 0-based index
     * @param dtype       the precision to read features in
     * @return the data set
     * @throws IOException naming the file, line, column and text of a malformed cell
     */
    public static Dataset classification(Path file, String labelColumn, DType dtype) throws IOException {
        return read(file, List.of(labelColumn), true, dtype == DType.F64);
    }

    /**
     * A regression set with one real target per sample, taken from the label column.
     *
     * @param file the CSV file
     * @param labelColumn the target column's name or 0-based index
     * @return the data set, float32
     * @throws IOException naming the file, line, column and text of a malformed cell
     */
    public static Dataset regression(Path file, String labelColumn) throws IOException {
        return read(file, List.of(labelColumn), false, false);
    }

    /**
     * A regression set with one target per named column, in the order given (a model then has one output per
     * target); all other columns are features. Values are read as {@code dtype}.
     *
     * @param file          the CSV file
     * @param targetColumns the target columns' names or 0-based indices
     * @param dtype         the precision to read features and targets in
     * @return the data set
     * @throws IOException naming the file, line, column and text of a malformed cell, or a column named twice
     */
    public static Dataset regression(Path file, List<String> targetColumns, DType dtype) throws IOException {
        return read(file, targetColumns, false, dtype == DType.F64);
    }

    /**
     * Features only, every column a number: inputs to predict on.
     *
     * @param file the CSV file
     * @return the data set, float32
     * @throws IOException naming the file, line, column and text of a malformed cell
     */
    public static Dataset unlabeled(Path file) throws IOException {
        return read(file, List.of(), false, false);
    }

    /**
     * Features only, every column a number, read as {@code dtype}.
     *
     * @param file  the CSV file
     * @param dtype the precision to read values in
     * @return the data set
     * @throws IOException naming the file, line, column and text of a malformed cell
     */
    public static Dataset unlabeled(Path file, DType dtype) throws IOException {
        return read(file, List.of(), false, dtype == DType.F64);
    }

    /**
     * Reads the file; {@code labelColumns} are the label (classification: one) or target columns, none for
     * features only. Values are parsed as float64 when {@code doubles}, else as float32.
     */
    private static Dataset read(Path file, List<String> labelColumns, boolean classification, boolean doubles)
            throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            CsvParser csv = new CsvParser(reader, file.toString());
            CsvParser.Row header = csv.next();
            if (header == null || header.isBlank()) {
                throw new IOException(file + ": empty file; expected a header row of column names");
            }
            List<String> names = header.fields().stream().map(String::trim).toList();
            int[] targetOf = new int[names.size()];  // for each column: its target index, or −1 for a feature
            Arrays.fill(targetOf, -1);
            for (int t = 0; t < labelColumns.size(); t++) {
                int col = labelIndex(file, names, labelColumns.get(t));
                if (targetOf[col] >= 0) {
                    throw new IOException(file + ": the column '" + names.get(col) + "' is named twice as a target");
                }
                targetOf[col] = t;
            }
            int targets = labelColumns.size();
            int label = targets == 0 ? -1 : labelIndex(file, names, labelColumns.get(0));
            if (targets > 0 && names.size() <= targets) {
                throw new IOException(file + ": only the label column" + (targets > 1 ? "s " : " '")
                        + String.join(", ", labelColumns) + (targets > 1 ? "" : "'")
                        + "; a data set needs at least one feature column besides it");
            }
            int d = names.size() - targets;
            double[] x = new double[16 * d];
            double[] y = new double[16 * Math.max(1, targets)];
            List<String> labels = new ArrayList<>();
            String negativeLabel = null;
            int n = 0;
            int blankLine = 0;
            for (CsvParser.Row row; (row = csv.next()) != null; ) {
                if (row.isBlank()) {
                    blankLine = blankLine == 0 ? row.line() : blankLine;
                    continue;
                }
                if (blankLine != 0) {
                    throw new IOException(file + ":" + blankLine + ": blank line inside the data");
                }
                if (row.fields().size() != names.size()) {
                    throw new IOException(file + ":" + row.line() + ": expected " + names.size()
                            + " fields as in the header, found " + row.fields().size());
                }
                if ((long) (n + 1) * d > Integer.MAX_VALUE - 8) {
                    throw new IOException(file + ":" + row.line() + ": too many values for one array");
                }
                if ((n + 1) * d > x.length) {
                    x = Arrays.copyOf(x, (int) Math.min(2L * x.length, Integer.MAX_VALUE - 8));
                }
                if ((n + 1) * targets > y.length) {
                    y = Arrays.copyOf(y, 2 * y.length);
                }
                for (int col = 0, j = 0; col < names.size(); col++) {
                    String cell = row.fields().get(col).trim();
                    if (targetOf[col] < 0) {
                        x[n * d + j++] = number(file, row.line(), names, col, cell, doubles);
                    } else if (classification) {
                        if (cell.isEmpty()) {
                            throw new IOException(cellError(file, row.line(), names, col, cell) + " is an empty label");
                        }
                        boolean negative = CLASS_INDEX.matcher(cell).matches() && Integer.parseInt(cell) < 0;
                        if (negative && negativeLabel == null) {
                            negativeLabel = cellError(file, row.line(), names, col, cell);
                        }
                        labels.add(cell);
                    } else {
                        y[n * targets + targetOf[col]] = number(file, row.line(), names, col, cell, doubles);
                    }
                }
                n++;
            }
            if (n == 0) {
                throw new IOException(file + ": no data rows after the header");
            }
            double[] features = Arrays.copyOf(x, n * d);
            if (label < 0) {
                return doubles ? Dataset.unlabeled(features, d) : Dataset.unlabeled(toFloats(features), d);
            }
            if (classification) {
                Dataset set = classes(toFloats(features), d, labels, negativeLabel);
                return doubles ? set.withFeatures(features, d) : set;
            }
            double[] t = Arrays.copyOf(y, n * targets);
            return doubles ? Dataset.regression(features, d, t, targets)
                    : Dataset.regression(toFloats(features), d, toFloats(t), targets);
        }
    }

    /** Float32 values held in doubles, back in floats (exact). */
    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** Resolves the label column: a header name first, else a 0-based index. */
    private static int labelIndex(Path file, List<String> names, String column) throws IOException {
        int first = names.indexOf(column);
        if (first >= 0 && first != names.lastIndexOf(column)) {
            throw new IOException(file + ": the label column name '" + column + "' appears more than once in the"
                    + " header");
        }
        if (first >= 0) {
            return first;
        }
        if (column.matches("\\d{1,9}")) {
            int index = Integer.parseInt(column);
            if (index < names.size()) {
                return index;
            }
            throw new IOException(file + ": label column index " + index + " is out of range; the header has "
                    + names.size() + " columns (0.." + (names.size() - 1) + ")");
        }
        throw new IOException(file + ": no column named '" + column + "'; the columns are " + String.join(", ", names)
                + " (or give a 0-based index)");
    }

    /**
     * Numbers the labels: integer cells are class indices, anything else class names in sorted order.
     *
     * @param negativeLabel the error prefix for the first negative integer label, or null if there is none
     */
    private static Dataset classes(float[] x, int d, List<String> cells, String negativeLabel) throws IOException {
        int[] y = new int[cells.size()];
        if (cells.stream().allMatch(c -> CLASS_INDEX.matcher(c).matches())) {
            if (negativeLabel != null) {
                throw new IOException(negativeLabel + " is a negative class index; integer labels must be 0..k−1");
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = Integer.parseInt(cells.get(i));
            }
            return Dataset.classification(x, d, y, List.of());
        }
        List<String> names = new ArrayList<>(new TreeSet<>(cells));
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < names.size(); c++) {
            index.put(names.get(c), c);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = index.get(cells.get(i));
        }
        return Dataset.classification(x, d, y, names);
    }

    /** The cell as a number, parsed as float64 or float32 (as before float64 reading existed, bit for bit). */
    private static double number(Path file, int line, List<String> names, int col, String cell, boolean doubles)
            throws IOException {
        if (!NUMBER.matcher(cell).matches()) {
            throw new IOException(cellError(file, line, names, col, cell) + " is not a number");
        }
        double v = doubles ? Double.parseDouble(cell) : Float.parseFloat(cell);
        if (!Double.isFinite(v)) {
            throw new IOException(cellError(file, line, names, col, cell) + " is out of " + (doubles ? "float64"
                    : "float32") + " range");
        }
        return v;
    }

    private static String cellError(Path file, int line, List<String> names, int col, String cell) {
        return file + ":" + line + ": column '" + names.get(col) + "' (" + (col + 1) + "): \"" + cell + "\"";
    }
}
