package org.nn4j.tensor;

import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.bytedeco.openblas.presets.openblas_nolapack.SetNumThreads;

/**
 * The OpenBLAS that nn4j carries: JavaCPP's build ({@code org.bytedeco:openblas}), whose jar for each platform holds
 * the library, built with {@code DYNAMIC_ARCH} so that it picks its kernels for the CPU it starts on. JavaCPP's
 * {@link Loader} unpacks it (into {@code ~/.javacpp/cache}) and loads it; this class then reads which kernel it chose
 * and sets its threads. Every reference to JavaCPP is in this class, so that nn4j runs without it (the native jars
 * left out) on its Java GEMM.
 *
 * <p>The products themselves do not go through JavaCPP's bindings: those take a Java array without an offset and
 * copy it in and out ({@code Get<Type>ArrayElements}). netlib's JNI bridge, pointed at this same library, pins the
 * arrays instead ({@code GetPrimitiveArrayCritical}) and takes offsets, so a product copies nothing.
 */
final class OpenBlas {
    /**
     * OpenBLAS's kernel tables, one {@code gotoblas_<NAME>} symbol each; the names are those
     * {@code OPENBLAS_CORETYPE} takes. A name missing from the library (another architecture's) is skipped.
     */
    private static final List<String> KERNELS = List.of(
            "SAPPHIRERAPIDS", "COOPERLAKE", "SKYLAKEX", "HASWELL", "ZEN", "SANDYBRIDGE", "EXCAVATOR", "STEAMROLLER",
            "PILEDRIVER", "BULLDOZER", "NEHALEM", "CORE2", "PRESCOTT", "BARCELONA", "NORTHWOOD", "ATHLON", "BANIAS",
            "COPPERMINE", "KATMAI",
            "NEOVERSEV2", "NEOVERSEV1", "NEOVERSEN2", "NEOVERSEN1", "THUNDERX3T110", "THUNDERX2T99", "THUNDERX",
            "TSV110", "FALKOR", "CORTEXA57", "CORTEXA53", "CORTEXA72", "CORTEXA73", "A64FX", "ARMV8SVE", "ARMV8");

    private final String library;
    private final String version;
    private final String kernel;
    private final SetNumThreads setThreads;

    private OpenBlas(String library, String version, String kernel, SetNumThreads setThreads) {
        this.library = library;
        this.version = version;
        this.kernel = kernel;
        this.setThreads = setThreads;
    }

    /**
     * Loads the bundled OpenBLAS, or says why it cannot: its jar is not on the class path, or has no library for this
     * platform ({@link Loader#getPlatform()}), or the library does not load.
     */
    static Result load() {
        try {
            Loader.load(openblas_nolapack.class);
            String library = Loader.getLoadedLibraries().values().stream()
                    .filter(path -> path != null && path.matches(".*[/\\\\]lib(openblas)[^/\\\\]*"))
                    .findFirst().orElse(null);
            if (library == null) {
                return new Result(null, "the bundled OpenBLAS loaded, but JavaCPP did not say from which file");
            }
            Pointer set = Loader.addressof("openblas_set_num_threads");
            if (set == null) {
                return new Result(null, library + " has no openblas_set_num_threads: it is not OpenBLAS");
            }
            String version = openblas_nolapack.OPENBLAS_VERSION.trim().replaceFirst("^OpenBLAS\\s*", "");
            // SetNumThreads's constructor that takes a Pointer casts the pointer to the binding; the one that takes
            // none allocates a binding that put() aims at the function. It is protected, hence the subclass.
            SetNumThreads setThreads = new SetNumThreads() { };
            setThreads.put(set);
            return new Result(new OpenBlas(library, version, kernel(), setThreads), null);
        } catch (RuntimeException | LinkageError e) {
            return new Result(null, "the bundled OpenBLAS did not load on " + platform() + " (" + e + ")");
        }
    }

    /** The outcome of {@link #load()}: the library, or null and the reason. */
    record Result(OpenBlas openBlas, String failure) {
        Optional<OpenBlas> loaded() {
            return Optional.ofNullable(openBlas);
        }
    }

    private static String platform() {
        try {
            return Loader.getPlatform();
        } catch (RuntimeException | LinkageError e) {
            return System.getProperty("os.name") + "-" + System.getProperty("os.arch");
        }
    }

    /**
     * The kernel OpenBLAS chose, as {@code openblas_get_corename} would name it: {@code gotoblas}, the pointer to
     * the kernel table in use, compared with the address of each table. JavaCPP maps no call to
     * {@code openblas_get_corename}, but reads memory at a symbol's address.
     */
    private static String kernel() {
        Pointer inUse = Loader.addressof("gotoblas");
        if (inUse == null) {
            return "unknown (a library built for one CPU)";
        }
        long table = new LongPointer(inUse).get();
        for (String name : KERNELS) {
            Pointer candidate = Loader.addressof("gotoblas_" + name);
            if (candidate != null && candidate.address() == table) {
                return name;
            }
        }
        return "unknown";
    }

    /** The library file, as JavaCPP unpacked it. */
    String library() {
        return library;
    }

    /** OpenBLAS's version, e.g. {@code 0.3.31}. */
    String version() {
        return version;
    }

    /** The kernel OpenBLAS chose for this CPU, e.g. {@code HASWELL}, as {@code OPENBLAS_CORETYPE} names it. */
    String kernelName() {
        return kernel;
    }

    /** OpenBLAS's threads from now on ({@code openblas_set_num_threads}); it starts more if it has fewer. */
    void setThreads(int threads) {
        setThreads.call(threads);
    }
}
