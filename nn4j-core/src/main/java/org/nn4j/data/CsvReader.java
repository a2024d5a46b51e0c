package org.nn4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.nn4j.tensor.DType;

/**
 * Reads a numeric CSV file (RFC 4180, UTF-8, optional byte-order mark) with a header row of column names into a
 * {@link Dataset}. One column is the label, or one or more columns are regression targets; every other column is a
 * feature and must hold numbers, read as float32 or, for float64 models, as float64.
 * Spaces around a cell are ignored; blank lines may end the file but not interrupt it. The header's names become
 * the data set's {@link Dataset#featureNames() feature names}, by which a model later finds its columns.
 *
 * <p>The label column is given by name, or by 0-based index when the text is digits that name no column; null
 * means the last column. For classification, a label column of non-negative integers is used as class indices
 * 0..k−1 (k = largest + 1, classes named "0".."k−1"); any other labels are class names, numbered in sorted (String)
 * order so that the same file always gives the same numbering, whatever the order of its rows. Either way at most
 * {@link CsvOptions#maxClasses()} classes are accepted.
 *
 * <p>Malformed input fails with an {@link IOException} naming the file, the 1-based line (the header is line 1),
 * the column and the text (long cells cut), e.g. {@code iris.csv:17: column 'petal_width' (4): "abc" is not a
 * number}.
 */
public final class CsvReader {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern CLASS_INDEX = Pattern.compile("-?\\d{1,9}");

    /** What the label column holds: classes, targets, nothing (no label column) or anything (skipped). */
    private enum Kind { CLASSES, TARGETS, NONE, SKIPPED }

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
        return classification(file, labelColumn, CsvOptions.DEFAULT, DType.F32);
    }

    /**
     * A classification set from a file laid out as {@code options} say.
     *
     * @param file        the CSV file
     * @param labelColumn the label column's name or 0-based index; null for the last column
     * @param options     header or not, and the bound on the number of classes
     * @return the data set, float32
     * @throws IOException naming the file, line, column and text of a malformed cell, or a class past the bound
     */
    public static Dataset classification(Path file, String labelColumn, CsvOptions options) throws IOException {
        return classification(file, labelColumn, options, DType.F32);
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
        return classification(file, labelColumn, CsvOptions.DEFAULT, dtype);
    }

    /**
     * A classification set from a file laid out as {@code options} say, its features read as {@code dtype}.
     *
     * @param file        the CSV file
     * @param labelColumn the label column's name or 0-based index; null for the last column
     * @param options     header or not, and the bound on the number of classes
     * @param dtype       the precision to read features in
     * @return the data set
     * @throws IOException naming the file, line, column and text of a malformed cell, or a class past the bound
     */
    public static Dataset classification(Path file, String labelColumn, CsvOptions options, DType dtype)
            throws IOException {
        return read(file, Collections.singletonList(labelColumn), Kind.CLASSES, options, dtype == DType.F64);
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
        return regression(file, labelColumn, CsvOptions.DEFAULT);
    }

    /**
     * A regression set with one real target per sample, from a file laid out as {@code options} say.
     *
     * @param file        the CSV file
     * @param labelColumn the target column's name or 0-based index; null for the last column
     * @param options     header or not
     * @return the data set, float32
     * @throws IOException naming the file, line, column and text of a malformed cell
     */
    public static Dataset regression(Path file, String labelColumn, CsvOptions options) throws IOException {
        return regression(file, Collections.singletonList(labelColumn), options, DType.F32);
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
        return regression(file, targetColumns, CsvOptions.DEFAULT, dtype);
    }

    /**
     * A regression set with one target per named column, in the order given, from a file laid out as
     * {@code options} say; values are read as {@code dtype}.
     *
     * @param file          the CSV file
     * @param targetColumns the target columns' names or 0-based indices (a null entry is the last column)
     * @param options       header or not
     * @param dtype         the precision to read features and targets in
     * @return the data set
     * @throws IOException naming the file, line, column and text of a malformed cell, or a column named twice
     */
    public static Dataset regression(Path file, List<String> targetColumns, CsvOptions options, DType dtype)
            throws IOException {
        if (targetColumns.isEmpty()) {
            throw new IllegalArgumentException("a regression set needs at least one target column");
        }
        return read(file, targetColumns, Kind.TARGETS, options, dtype == DType.F64);
    }

    /**
     * Features only, every column a number: inputs to predict on.
     *
     * @param file the CSV file
     * @return the data set, float32
     * @throws IOException naming the file, line, column and text of a malformed cell
     */
    public static Dataset unlabeled(Path file) throws IOException {
        return unlabeled(file, CsvOptions.DEFAULT);
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
        return unlabeled(file, List.of(), CsvOptions.DEFAULT, dtype);
    }

    /**
     * Features only, from a file laid out as {@code options} say.
     *
     * @param file    the CSV file
     * @param options header or not
     * @return the data set, float32
     * @throws IOException naming the file, line, column and text of a malformed cell
     */
    public static Dataset unlabeled(Path file, CsvOptions options) throws IOException {
        return unlabeled(file, List.of(), options, DType.F32);
    }

    /**
     * Features only, from every column but {@code skippedColumn} (a label column whose cells are not read).
     *
     * @param file          the CSV file
     * @param skippedColumn the label column's name or 0-based index; null for the last column
     * @param options       header or not
     * @return the data set, float32
     * @throws IOException naming the file, line, column and text of a malformed cell
     */
    public static Dataset unlabeled(Path file, String skippedColumn, CsvOptions options) throws IOException {
        return unlabeled(file, Collections.singletonList(skippedColumn), options, DType.F32);
    }

    /**
     * Features only, from every column but {@code skippedColumns} (label or target columns whose cells are not
     * read), values read as {@code dtype}.
     *
     * @param file           the CSV file
     * @param skippedColumns the skipped columns' names or 0-based indices (a null entry is the last column); none
     *                       to read every column
     * @param options        header or not
     * @param dtype          the precision to read values in
     * @return the data set
     * @throws IOException naming the file, line, column and text of a malformed cell
     */
    public static Dataset unlabeled(Path file, List<String> skippedColumns, CsvOptions options, DType dtype)
            throws IOException {
        return read(file, skippedColumns, skippedColumns.isEmpty() ? Kind.NONE : Kind.SKIPPED, options,
                dtype == DType.F64);
    }

    /**
     * Reads the file; {@code labelColumns} are the label (classification: one) or target or skipped columns, none
     * for features only. Values are parsed as float64 when {@code doubles}, else as float32.
     */
    private static Dataset read(Path file, List<String> labelColumns, Kind kind, CsvOptions options,
            boolean doubles) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Sources.open(file), decoder))) {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            return read(file, new CsvParser(reader, file.toString()), labelColumns, kind, options, doubles);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": " + Sources.firstNonUtf8(file) + ": not valid UTF-8 text (save the file"
                    + " as UTF-8)", e);
        }
    }

    private static Dataset read(Path file, CsvParser csv, List<String> labelColumns, Kind kind, CsvOptions options,
            boolean doubles) throws IOException {
        CsvParser.Row first = csv.next();
        if (first == null || first.isBlank()) {
            throw new IOException(file + ": empty file; expected " + (options.header() ? "a header row of column"
                    + " names" : "rows of numbers"));
        }
        List<String> names = new ArrayList<>();
        for (int col = 0; col < first.fields().size(); col++) {
            names.add(options.header() ? first.fields().get(col).trim() : Integer.toString(col));
        }
        int[] targetOf = new int[names.size()];  // for each column: its target index, or −1 for a feature
        Arrays.fill(targetOf, -1);
        for (int t = 0; t < labelColumns.size(); t++) {
            int col = labelIndex(file, names, labelColumns.get(t), options.header());
            if (targetOf[col] >= 0) {
                throw new IOException(file + ": the column '" + Sources.cut(names.get(col))
                        + "' is named twice as a target");
            }
            targetOf[col] = t;
        }
        int targets = labelColumns.size();
        if (targets > 0 && names.size() <= targets) {
            throw new IOException(file + ": only the label column" + (targets > 1 ? "s " : " '")
                    + Sources.cut(String.join(", ", names))
                    + (targets > 1 ? "" : "'") + "; a data set needs at least one feature column besides it");
        }
        Rows rows = new Rows(file, names, targetOf, targets, kind, options, doubles);
        if (!options.header()) {
            rows.add(first);
        }
        int blankLine = 0;
        for (CsvParser.Row row; (row = csv.next()) != null; ) {
            if (row.isBlank()) {
                blankLine = blankLine == 0 ? row.line() : blankLine;
                continue;
            }
            if (blankLine != 0) {
                throw new IOException(file + ":" + blankLine + ": blank line inside the data");
            }
            rows.add(row);
        }
        if (rows.n == 0) {
            throw new IOException(file + ": no data rows" + (options.header() ? " after the header" : ""));
        }
        Dataset d = rows.dataset();
        if (!options.header()) {
            return d;
        }
        List<String> features = new ArrayList<>();
        for (int col = 0; col < names.size(); col++) {
            if (targetOf[col] < 0) {
                features.add(names.get(col));
            }
        }
        return d.withFeatureNames(features);
    }

    /** The rows read so far: features, and labels or targets, as float64 values (float32-exact unless doubles). */
    private static final class Rows {
        private final Path file;
        private final List<String> names;
        private final int[] targetOf;
        private final int targetSize;
        private final Kind kind;
        private final int maxClasses;
        private final boolean header;
        private final boolean doubles;
        private final int d;
        private double[] x;
        private double[] targets;
        private final List<String> labels = new ArrayList<>();
        private final Set<String> distinct = new HashSet<>();
        private String negativeLabel;
        private int n;

        Rows(Path file, List<String> names, int[] targetOf, int targetSize, Kind kind, CsvOptions options,
                boolean doubles) {
            this.file = file;
            this.names = names;
            this.targetOf = targetOf;
            this.targetSize = targetSize;
            this.kind = kind;
            this.maxClasses = options.maxClasses();
            this.header = options.header();
            this.doubles = doubles;
            this.d = names.size() - targetSize;
            this.x = new double[16 * d];
            this.targets = new double[16 * Math.max(1, targetSize)];
        }

        void add(CsvParser.Row row) throws IOException {
            if (row.fields().size() != names.size()) {
                throw new IOException(file + ":" + row.line() + ": expected " + names.size()
                        + " fields as in the " + (header ? "header" : "first row") + ", found " + row.fields().size());
            }
            if ((long) (n + 1) * d > Integer.MAX_VALUE - 8 || (long) (n + 1) * targetSize > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ":" + row.line() + ": too many values for one array");
            }
            if ((n + 1) * d > x.length) {
                x = Arrays.copyOf(x, (int) Math.min(2L * x.length, Integer.MAX_VALUE - 8));
            }
            if (kind == Kind.TARGETS && (n + 1) * targetSize > targets.length) {
                targets = Arrays.copyOf(targets, (int) Math.min(2L * targets.length, Integer.MAX_VALUE - 8));
            }
            for (int col = 0, j = 0; col < names.size(); col++) {
                String cell = row.fields().get(col).trim();
                if (targetOf[col] < 0) {
                    x[n * d + j++] = number(file, row.line(), names, col, cell, doubles);
                } else if (kind == Kind.CLASSES) {
                    addLabel(row.line(), col, cell);
                } else if (kind == Kind.TARGETS) {
                    targets[n * targetSize + targetOf[col]] = number(file, row.line(), names, col, cell, doubles);
                }
            }
            n++;
        }

        /** Checks a class label as it is read, so that no bound is passed before it is refused. */
        private void addLabel(int line, int col, String cell) throws IOException {
            if (cell.isEmpty()) {
                throw new IOException(cellError(file, line, names, col, cell) + " is an empty label");
            }
            if (CLASS_INDEX.matcher(cell).matches()) {
                int index = Integer.parseInt(cell);
                if (index < 0 && negativeLabel == null) {
                    negativeLabel = cellError(file, line, names, col, cell);
                }
                if (index >= maxClasses) {
                    throw new IOException(cellError(file, line, names, col, cell) + " as a class index makes "
                            + String.format("%,d", index + 1L) + " classes, more than the " + bound());
                }
            }
            if (distinct.add(cell) && distinct.size() > maxClasses) {
                throw new IOException(cellError(file, line, names, col, cell) + " is class name number "
                        + String.format("%,d", distinct.size()) + ", more than the " + bound());
            }
            labels.add(cell);
        }

        private String bound() {
            return String.format("%,d", maxClasses) + " classes allowed (real-valued targets need --regression;"
                    + " --max-classes raises the bound)";
        }

        Dataset dataset() throws IOException {
            double[] features = Arrays.copyOf(x, n * d);
            return switch (kind) {
                case NONE, SKIPPED -> doubles ? Dataset.unlabeled(features, d)
                        : Dataset.unlabeled(Dataset.toFloats(features), d);
                case TARGETS -> {
                    double[] t = Arrays.copyOf(targets, n * targetSize);
                    yield doubles ? Dataset.regression(features, d, t, targetSize)
                            : Dataset.regression(Dataset.toFloats(features), d, Dataset.toFloats(t), targetSize);
                }
                case CLASSES -> {
                    Dataset set = classes(Dataset.toFloats(features), d, labels, negativeLabel);
                    yield doubles ? set.withFeatures(features, d) : set;
                }
            };
        }
    }

    /** Resolves the label column: a header name first, else a 0-based index; null is the last column. */
    private static int labelIndex(Path file, List<String> names, String column, boolean header) throws IOException {
        if (column == null) {
            return names.size() - 1;
        }
        int first = header ? names.indexOf(column) : -1;
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
            throw new IOException(file + ": label column index " + index + " is out of range; the "
                    + (header ? "header" : "first row") + " has " + names.size() + " columns (0.."
                    + (names.size() - 1) + ")");
        }
        if (!header) {
            throw new IOException(file + ": without a header the label column is a 0-based index, not '"
                    + Sources.cut(column) + "'");
        }
        throw new IOException(file + ": no column named '" + Sources.cut(column) + "'; the columns are "
                + Sources.cut(String.join(", ", names)) + " (or give a 0-based index)");
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
        return file + ":" + line + ": column '" + Sources.cut(names.get(col)) + "' (" + (col + 1) + "): \""
                + Sources.cut(cell) + "\"";
    }
}
