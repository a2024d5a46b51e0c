package org.nn4j.api;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * nn4j-core's public surface, every public type with its public and protected members, equals the committed listing
 * {@code api/nn4j-core.api}: a change to the API is a change to that file, which review sees. After an intended
 * change, rewrite the listing with {@code mvn -pl nn4j-core test -Dtest=ApiListingTest -Dnn4j.api.update=true}.
 */
class ApiListingTest {
    private static final Path LISTING = Path.of("api", "nn4j-core.api");
    private static final Path CLASSES = Path.of("target", "classes");

    /** One line per public type (its declaration), then one indented line per member, all sorted. */
    static List<String> listing(Path classes) throws IOException, ClassNotFoundException {
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.map(p -> classes.relativize(p).toString()).filter(p -> p.endsWith(".class"))
                    .map(p -> p.substring(0, p.length() - 6).replace('/', '.')).sorted().toList();
        }
        List<String> out = new ArrayList<>();
        for (String name : names) {
            Class<?> c = Class.forName(name, false, ApiListingTest.class.getClassLoader());
            if (!exported(c)) {
                continue;
            }
            out.add(declaration(c));
            List<String> members = new ArrayList<>();
            List<Member> all = new ArrayList<>(Arrays.asList(c.getDeclaredConstructors()));
            all.addAll(Arrays.asList(c.getDeclaredMethods()));
            all.addAll(Arrays.asList(c.getDeclaredFields()));
            for (Member m : all) {
                boolean visible = Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
                if (visible && !m.isSynthetic() && !(m instanceof Method method && method.isBridge())) {
                    members.add("  " + signature(m));
                }
            }
            members.sort(null);
            out.addAll(members);
        }
        return out;
    }

    private static boolean exported(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static String declaration(Class<?> c) {
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum"
                : c.isRecord() ? "record" : "class";
        int modifiers = c.getModifiers() & ~(c.isInterface() ? Modifier.ABSTRACT | Modifier.INTERFACE : 0)
                & ~(c.isEnum() || c.isRecord() ? Modifier.FINAL | Modifier.STATIC : 0);
        StringBuilder b = new StringBuilder(Modifier.toString(modifiers)).append(' ').append(kind).append(' ')
                .append(c.getName());
        Class<?> sup = c.getSuperclass();
        if (sup != null && sup != Object.class && sup != Record.class && sup != Enum.class) {
            b.append(" extends ").append(c.getGenericSuperclass().getTypeName());
        }
        Set<String> interfaces = new LinkedHashSet<>();
        Arrays.stream(c.getGenericInterfaces()).forEach(t -> interfaces.add(t.getTypeName()));
        if (!interfaces.isEmpty()) {
            b.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        return b.toString();
    }

    private static String signature(Member m) {
        if (m instanceof Field f) {
            return f.toGenericString();
        }
        String s = ((Executable) m).toGenericString();
        return m instanceof Constructor<?> ? s : s.replace("default ", "");
    }

    @Test
    void thePublicSurfaceIsTheListedOne() throws Exception {
        List<String> actual = listing(CLASSES);
        if (Boolean.getBoolean("nn4j.api.update")) {
            Files.write(LISTING, actual, StandardCharsets.UTF_8);
            return;
        }
        List<String> listed = Files.exists(LISTING) ? Files.readAllLines(LISTING, StandardCharsets.UTF_8) : List.of();
        if (!actual.equals(listed)) {
            List<String> diff = new ArrayList<>();
            actual.stream().filter(l -> !listed.contains(l)).limit(30).forEach(l -> diff.add("+ " + l));
            listed.stream().filter(l -> !actual.contains(l)).limit(30).forEach(l -> diff.add("- " + l));
            fail("nn4j-core's public API differs from " + LISTING + " (+ new, - gone):\n" + String.join("\n", diff)
                    + "\nIf the change is intended: mvn -pl nn4j-core test -Dtest=ApiListingTest -Dnn4j.api.update=true");
        }
    }
}
