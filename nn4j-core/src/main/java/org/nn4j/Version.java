package org.nn4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this nn4j build, as Maven stamps it into {@code org/nn4j/version.properties}; model files record it. */
public final class Version {
    private static final String CURRENT = load();

    private Version() {
    }

    /** E.g. {@code 0.1.0-SNAPSHOT}. */
    public static String current() {
        return CURRENT;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("org/nn4j/version.properties is missing from the nn4j build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read org/nn4j/version.properties", e);
        }
    }
}
