package org.nn4j.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits comma-separated text into records of fields as RFC 4180 defines them: a field may be enclosed in double
 * quotes, inside which commas and line breaks are literal and a doubled quote stands for one quote. Records end
 * at CRLF, LF or a lone CR. Each record remembers the line it starts on, for error messages.
 */
final class CsvParser {
    /** One record and the 1-based line it starts on. */
    record Row(int line, List<String> fields) {
        boolean isBlank() {
            return fields.size() == 1 && fields.get(0).isEmpty();
        }
    }

    private final Reader in;
    private final String source;
    private int line = 1;
    private int pushedBack = -2;

    /** @param source the file name, for error messages */
    CsvParser(Reader in, String source) {
        this.in = in;
        this.source = source;
    }

    /** The next record, or null at the end of the input. */
    Row next() throws IOException {
        int c = read();
        if (c < 0) {
            return null;
        }
        int start = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            StringBuilder field = new StringBuilder();
            if (c == '"') {
                c = readQuoted(field, start);
                if (c != ',' && c != '\n' && c != '\r' && c >= 0) {
                    throw new IOException(source + ":" + line + ": field " + (fields.size() + 1)
                            + " has text after its closing quote: " + '"' + Sources.cut(field.toString()) + '"' + (char) c);
                }
            } else {
                for (; c != ',' && c != '\n' && c != '\r' && c >= 0; c = read()) {
                    field.append((char) c);
                }
            }
            fields.add(field.toString());
            if (c != ',') {
                break;
            }
            c = read();
        }
        if (c == '\r') {
            int next = read();
            if (next != '\n') {
                pushedBack = next;
            }
        }
        if (c >= 0) {
            line++;
        }
        return new Row(start, fields);
    }

    /** Reads a quoted field after its opening quote; returns the character after the closing quote. */
    private int readQuoted(StringBuilder field, int start) throws IOException {
        while (true) {
            int c = read();
            if (c < 0) {
                throw new IOException(source + ":" + start + ": a quoted field opened on this line is never closed");
            }
            if (c == '"') {
                int next = read();
                if (next != '"') {
                    return next;
                }
            } else if (c == '\n') {
                line++;
            }
            field.append((char) c);
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read(); // a CharacterCodingException is located by the caller, who can read the file afresh
    }
}
