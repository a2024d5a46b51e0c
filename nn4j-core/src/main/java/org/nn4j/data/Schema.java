package org.nn4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names a model knows its inputs and its classes by, and the mapping of a data set onto them: columns are
 * matched by name (reordered columns are put back in the model's order) and labels by class name, so that a test
 * file that lacks a class, or lists its columns in another order, is scored against the classes and features the
 * model was trained on. An empty list of names means "by position" (Fashion-MNIST's pixels, headerless files).
 *
 * <p>A class whose name is its own index (integer labels: "0", "1", …) that the model does not name maps to the
 * model's class of that index, since integer labels are class indices.
 *
 * @param featureNames the model's input names in order, or empty
 * @param classNames   the model's class names in order, or empty (regression, or a model without names)
 */
public record Schema(List<String> featureNames, List<String> classNames) {
    /** Copies the lists. */
    public Schema {
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
    }

    /**
     * {@code data} with its columns and labels mapped onto this schema.
     *
     * @param source     the data's name, for messages
     * @param byPosition match columns by position even where both sides have names (renamed columns)
     * @param dropOthers drop samples of classes the model does not know (it was trained on a subset of them)
     *                   instead of refusing them
     * @throws IllegalArgumentException naming the missing or unknown column or class
     */
    public Dataset align(Dataset data, String source, boolean byPosition, boolean dropOthers) {
        Dataset d = alignColumns(data, source, byPosition);
        return d.isClassification() && !classNames.isEmpty() ? alignClasses(d, source, dropOthers) : d;
    }

    private Dataset alignColumns(Dataset data, String source, boolean byPosition) {
        int m = data.numFeatures();
        List<String> have = data.featureNames();
        if (byPosition || featureNames.isEmpty() || have.isEmpty()) {
            if (m != featureNames.size() && !featureNames.isEmpty()) {
                throw new IllegalArgumentException(source + ": " + m + " feature columns, but the model takes "
                        + featureNames.size());
            }
            return featureNames.isEmpty() ? data : data.withFeatureNames(featureNames);
        }
        Map<String, Integer> column = new HashMap<>();
        for (int j = 0; j < m; j++) {
            if (column.put(have.get(j), j) != null) {
                throw new IllegalArgumentException(source + ": column '" + Sources.cut(have.get(j))
                        + "' appears twice in the header");
            }
        }
        int[] from = new int[featureNames.size()];
        for (int j = 0; j < from.length; j++) {
            Integer at = column.remove(featureNames.get(j));
            if (at == null) {
                throw new IllegalArgumentException(source + ": no column '" + Sources.cut(featureNames.get(j))
                        + "', which the model takes as input " + (j + 1) + " of " + from.length + hint());
            }
            from[j] = at;
        }
        if (!column.isEmpty()) {
            String extra = have.stream().filter(column::containsKey).findFirst().orElseThrow();
            throw new IllegalArgumentException(source + ": column '" + Sources.cut(extra) + "' is not one of the"
                    + " model's inputs (name a label column with --label)" + hint());
        }
        boolean same = true;
        for (int j = 0; j < from.length; j++) {
            same &= from[j] == j;
        }
        if (same) {
            return data;
        }
        Dataset moved = data.isDouble() ? data.withFeatures(permute(data.doubleFeatures(), new double[m * data.size()],
                m, from), m) : data.withFeatures(permute(data.features(), new float[m * data.size()], m, from), m);
        return moved.withFeatureNames(featureNames);
    }

    private String hint() {
        return "; the model's inputs are " + Sources.cut(String.join(", ", featureNames))
                + " (--by-position matches columns by position instead)";
    }

    /**
     * Row-major rows of {@code m} values (a float[] or a double[]) copied into {@code out} with column j taken from
     * column {@code from[j]}.
     */
    private static <A> A permute(A x, A out, int m, int[] from) {
        int length = java.lang.reflect.Array.getLength(x);
        for (int i = 0; i < length; i += m) {
            for (int j = 0; j < m; j++) {
                System.arraycopy(x, i + from[j], out, i + j, 1);
            }
        }
        return out;
    }

    private Dataset alignClasses(Dataset data, String source, boolean dropOthers) {
        List<String> have = data.classNames();
        boolean[] used = new boolean[have.size()];
        for (int y : data.labels()) {
            used[y] = true;
        }
        int[] to = new int[have.size()];
        boolean identity = have.equals(classNames);
        for (int c = 0; c < have.size(); c++) {
            to[c] = classNames.indexOf(have.get(c));
            if (to[c] < 0 && have.get(c).equals(Integer.toString(c)) && c < classNames.size()) {
                to[c] = c;
            }
            if (to[c] < 0 && used[c] && !dropOthers) {
                throw new IllegalArgumentException(source + ": class '" + Sources.cut(have.get(c)) + "' is not one"
                        + " of the model's " + classNames.size() + " classes ("
                        + Sources.cut(String.join(", ", classNames)) + ")");
            }
        }
        if (identity) {
            return data;
        }
        int[] keep = new int[data.size()];
        int n = 0;
        for (int i = 0; i < data.size(); i++) {
            if (to[data.labels()[i]] >= 0) {
                keep[n++] = i;
            }
        }
        Dataset kept = n == data.size() ? data : data.select(Arrays.copyOf(keep, n));
        if (n == 0) {
            throw new IllegalArgumentException(source + ": none of its samples belongs to the model's classes ("
                    + Sources.cut(String.join(", ", classNames)) + ")");
        }
        return kept.relabel(to, new ArrayList<>(classNames));
    }
}
