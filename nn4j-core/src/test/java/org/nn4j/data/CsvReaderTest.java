package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    private static final String IRIS = """
            sepal_length,sepal_width,species,petal_width
            5.1,3.5,setosa,0.2
            6.4,3.2,versicolor,1.5
            6.3,3.3,virginica,2.5
            4.9,3.0,setosa,0.2
            """;

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private String error(Path file, String labelColumn) {
        return assertThrows(IOException.class, () -> CsvReader.classification(file, labelColumn)).getMessage();
    }

    @Test
    void labelByNameOrIndexWithClassNamesInSortedOrder() throws IOException {
        Path file = csv("iris.csv", IRIS);
        for (String column : List.of("species", "2")) {
            Dataset data = CsvReader.classification(file, column);
            assertEquals(4, data.size());
            assertEquals(3, data.numFeatures());
            assertArrayEquals(new float[] {5.1f, 3.5f, 0.2f, 6.4f, 3.2f, 1.5f, 6.3f, 3.3f, 2.5f, 4.9f, 3.0f, 0.2f},
                    data.features());
            assertArrayEquals(new int[] {0, 1, 2, 0}, data.labels());
            assertEquals(List.of("setosa", "versicolor", "virginica"), data.classNames());
        }
    }

    @Test
    void classNamesAreSortedNotInOrderOfAppearance() throws IOException {
        Path file = csv("zoo.csv", "x,animal\n1,zebra\n2,cat\n3,zebra\n4,dog\n");
        Dataset data = CsvReader.classification(file, "animal");
        assertEquals(List.of("cat", "dog", "zebra"), data.classNames());
        assertArrayEquals(new int[] {2, 0, 2, 1}, data.labels());
    }

    @Test
    void integerLabelsAreClassIndices() throws IOException {
        Path file = csv("digits.csv", "a,b,digit\n1,2,3\n4,5,0\n6,7,3\n");
        Dataset data = CsvReader.classification(file, "digit");
        assertArrayEquals(new int[] {3, 0, 3}, data.labels());
        assertEquals(List.of("0", "1", "2", "3"), data.classNames());
        assertArrayEquals(new float[] {1, 2, 4, 5, 6, 7}, data.features());
    }

    @Test
    void quotedFieldsCrlfBomAndTrailingBlankLines() throws IOException {
        String text = "\uFEFF\"x, first\",\"say \"\"hi\"\"\",label\r\n"
                + "\"1.5\",2e1,\"a, b\"\r\n"
                + " -3 , .25 ,\"multi\nline\"\r\n"
                + "\r\n\r\n";
        Dataset data = CsvReader.classification(csv("q.csv", text), "label");
        assertArrayEquals(new float[] {1.5f, 20f, -3f, 0.25f}, data.features());
        assertEquals(List.of("a, b", "multi\nline"), data.classNames());
        assertArrayEquals(new int[] {0, 1}, data.labels());
        // The BOM is not part of the first column's name, and quoted header names may hold commas and quotes.
        assertArrayEquals(new int[] {0, 1}, CsvReader.classification(csv("q2.csv", text), "2").labels());
        assertEquals(2, CsvReader.regression(csv("r.csv", "\uFEFFy,x\n1,2\n3,4\n"), "y").size());
    }

    @Test
    void regressionTakesTheLabelColumnAsTarget() throws IOException {
        Dataset data = CsvReader.regression(csv("house.csv", "rooms,price,area\n3,250.5,80\n5,410,120\n"), "price");
        assertFalse(data.isClassification());
        assertEquals(1, data.targetSize());
        assertArrayEquals(new float[] {250.5f, 410f}, data.targets());
        assertArrayEquals(new float[] {3, 80, 5, 120}, data.features());
    }

    @Test
    void badCellNamesFileLineColumnAndText() throws IOException {
        Path file = csv("iris.csv", IRIS.replace("2.5", "abc"));
        assertEquals(file + ":4: column 'petal_width' (4): \"abc\" is not a number", error(file, "species"));
        Path empty = csv("empty-cell.csv", "a,b\n1,\n");
        assertEquals(empty + ":2: column 'b' (2): \"\" is not a number", error(empty, "a"));
        Path huge = csv("huge.csv", "a,b\n1,1e39\n");
        assertEquals(huge + ":2: column 'b' (2): \"1e39\" is out of float32 range", error(huge, "a"));
        Path target = csv("target.csv", "y,x\n1,2\nnan,3\n");
        assertEquals(target + ":3: column 'y' (1): \"nan\" is not a number",
                assertThrows(IOException.class, () -> CsvReader.regression(target, "y")).getMessage());
    }

    @Test
    void lineNumbersCountLinesInsideQuotedFields() throws IOException {
        Path file = csv("lines.csv", "x,label\n1,\"two\nlines\"\nx,c\n");
        assertEquals(file + ":4: column 'x' (1): \"x\" is not a number", error(file, "label"));
    }

    @Test
    void wrongFieldCountSaysExpectedAndFound() throws IOException {
        Path file = csv("iris.csv", IRIS.replace("6.4,3.2,versicolor,1.5", "6.4,3.2,versicolor"));
        assertEquals(file + ":3: expected 4 fields as in the header, found 3", error(file, "species"));
    }

    @Test
    void unknownLabelColumnListsTheColumns() throws IOException {
        Path file = csv("iris.csv", IRIS);
        assertEquals(file + ": no column named 'class'; the columns are sepal_length, sepal_width, species,"
                + " petal_width (or give a 0-based index)", error(file, "class"));
        assertEquals(file + ": label column index 4 is out of range; the header has 4 columns (0..3)",
                error(file, "4"));
    }

    @Test
    void digitsThatNameAColumnAreAName() throws IOException {
        Dataset data = CsvReader.classification(csv("years.csv", "1999,2000\n0.5,1\n0.7,0\n"), "2000");
        assertArrayEquals(new int[] {1, 0}, data.labels());
        assertArrayEquals(new float[] {0.5f, 0.7f}, data.features());
    }

    @Test
    void emptyHeaderOnlyBlankInsideAndNegativeLabelsFailClearly() throws IOException {
        Path empty = csv("empty.csv", "");
        assertEquals(empty + ": empty file; expected a header row of column names", error(empty, "y"));
        Path header = csv("header.csv", "x,y\r\n\r\n");
        assertEquals(header + ": no data rows after the header", error(header, "y"));
        Path blank = csv("blank.csv", "x,y\n1,2\n\n3,4\n");
        assertEquals(blank + ":3: blank line inside the data", error(blank, "y"));
        Path negative = csv("negative.csv", "x,y\n1,1\n2,-1\n");
        assertEquals(negative + ":3: column 'y' (2): \"-1\" is a negative class index; integer labels must be 0..k−1",
                error(negative, "y"));
        Path quote = csv("quote.csv", "x,y\n\"1\"2,3\n");
        assertEquals(quote + ":2: field 1 has text after its closing quote: \"1\"2", error(quote, "y"));
        Path open = csv("open.csv", "x,y\n1,\"a\n2,b\n");
        assertEquals(open + ":2: a quoted field opened on this line is never closed", error(open, "y"));
    }
}
