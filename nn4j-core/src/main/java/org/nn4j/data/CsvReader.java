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

/**
 * Reads a numeric CSV file (RFC 4180, UTF-8, optional byte-order mark) with a header row of column names into a
 * {@link Dataset}. One column is the label or target; every other column is a feature and must hold numbers.
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

    /** A classification set: the label column holds class indices or class names. */
    public static Dataset classification(Path file, String labelColumn) throws IOException {
        return read(file, labelColumn, true);
    }

    /** A regression set with one real target per sample, taken from the label column. */
    public static Dataset regression(Path file, String labelColumn) throws IOException {
        return read(file, labelColumn, false);
    }

    /** Features only, every column a number: inputs to predict on. */
    public static Dataset unlabeled(Path file) throws IOException {
        return read(file, null, false);
    }

    /** Reads the file; a null {@code labelColumn} means every column is a feature. */
    private static Dataset read(Path file, String labelColumn, boolean classification) throws IOException {
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
            int label = labelColumn == null ? -1 : labelIndex(file, names, labelColumn);
            if (label >= 0 && names.size() < 2) {
                throw new IOException(file + ": only the label column '" + names.get(label) + "'; a data set needs at"
                        + " least one feature column besides it");
            }
            int d = label >= 0 ? names.size() - 1 : names.size();
            float[] x = new float[16 * d];
            float[] targets = new float[16];
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
                for (int col = 0, j = 0; col < names.size(); col++) {
                    String cell = row.fields().get(col).trim();
                    if (col != label) {
                        x[n * d + j++] = number(file, row.line(), names, col, cell);
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
                        targets = n < targets.length ? targets : Arrays.copyOf(targets, 2 * targets.length);
                        targets[n] = number(file, row.line(), names, col, cell);
                    }
                }
                n++;
            }
            if (n == 0) {
                throw new IOException(file + ": no data rows after the header");
            }
            float[] features = Arrays.copyOf(x, n * d);
            if (label < 0) {
                return Dataset.unlabeled(features, d);
            }
            return classification ? classes(features, d, labels, negativeLabel)
                    : Dataset.regression(features, d, Arrays.copyOf(targets, n), 1);
        }
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

    private static float number(Path file, int line, List<String> names, int col, String cell) throws IOException {
        if (!NUMBER.matcher(cell).matches()) {
            throw new IOException(cellError(file, line, names, col, cell) + " is not a number");
        }
        float v = Float.parseFloat(cell);
        if (!Float.isFinite(v)) {
            throw new IOException(cellError(file, line, names, col, cell) + " is out of float32 range");
        }
        return v;
    }

    private static String cellError(Path file, int line, List<String> names, int col, String cell) {
        return file + ":" + line + ": column '" + names.get(col) + "' (" + (col + 1) + "): \"" + cell + "\"";
    }
}
