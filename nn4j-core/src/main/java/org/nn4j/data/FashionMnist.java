package org.nn4j.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nn4j.tensor.Shape;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017, arXiv:1708.07747): 28×28 grey-scale images of 10 kinds of
 * clothing, 60,000 for training and 10,000 for testing, in the IDX format of MNIST (read by {@link IdxReader}).
 *
 * <p>Each file ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, plain or with {@code .gz}) is looked for in the search directories in order and
 * then in the download directory; only if it is nowhere is it downloaded, gzipped, from the mirror into the
 * download directory and checked against the MD5 the Fashion-MNIST project publishes. Local files are not
 * checksummed: packagers may recompress them (Debian's differ from the official bytes); the IDX reader still
 * checks their structure.
 */
public final class FashionMnist {
    /** The shape of one image: one channel of 28 × 28 pixels. */
    public static final Shape SHAPE = Shape.image(1, 28, 28);
    /** The class names, in label order, as the Fashion-MNIST project gives them. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final URI OFFICIAL_MIRROR = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    /** Where Debian's package {@code dataset-fashion-mnist} installs the gzipped files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The environment variable naming a directory that holds (or will receive) the files. */
    public static final String DATA_ENV = "NN4J_DATA";

    private static final Map<String, String> OFFICIAL_MD5 = Map.of(
            "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
            "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe",
            "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79",
            "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310");

    private final List<Path> searchDirs;
    private final Path downloadDir;
    private final URI mirror;
    private final Map<String, String> md5;

    /**
     * @param searchDirs  directories to look in, in order; the download directory is searched after them
     * @param downloadDir where missing files are downloaded to
     * @param mirror      base URL of the gzipped files, e.g. {@link #OFFICIAL_MIRROR}
     */
    public FashionMnist(List<Path> searchDirs, Path downloadDir, URI mirror) {
        this(searchDirs, downloadDir, mirror, OFFICIAL_MD5);
    }

    /** As above, with other checksums (name of the .gz file → MD5 hex): for serving test files. */
    FashionMnist(List<Path> searchDirs, Path downloadDir, URI mirror, Map<String, String> md5) {
        List<Path> dirs = new ArrayList<>(searchDirs);
        if (!dirs.contains(downloadDir)) {
            dirs.add(downloadDir);
        }
        this.searchDirs = List.copyOf(dirs);
        this.downloadDir = downloadDir;
        this.mirror = mirror.toString().endsWith("/") ? mirror : URI.create(mirror + "/");
        this.md5 = Map.copyOf(md5);
    }

    /**
     * The standard locations: {@code $NN4J_DATA} and {@code $NN4J_DATA/fashion-mnist} if the variable is set, then
     * {@link #DEBIAN_DIR}; downloads go to {@code $NN4J_DATA/fashion-mnist}, or else
     * {@code ~/.cache/nn4j/fashion-mnist}, from the official mirror.
     */
    public static FashionMnist standard() {
        String env = System.getenv(DATA_ENV);
        List<Path> dirs = new ArrayList<>();
        Path downloadDir = Path.of(System.getProperty("user.home"), ".cache", "nn4j", "fashion-mnist");
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env));
            downloadDir = Path.of(env, "fashion-mnist");
            dirs.add(downloadDir);
        }
        dirs.add(DEBIAN_DIR);
        return new FashionMnist(dirs, downloadDir, OFFICIAL_MIRROR);
    }

    /** Loads a split, "train" or "test", from the standard locations; {@code log} hears of any download. */
    public static Dataset load(String split, Consumer<String> log) throws IOException {
        return standard().read(split, log);
    }

    /**
     * Loads a split, "train" or "test": one sample of 784 pixels in [0, 1] per image, of shape {@link #SHAPE} (the
     * files' own rows and columns), labels 0..9.
     */
    public Dataset read(String split, Consumer<String> log) throws IOException {
        String prefix = switch (split) {
            case "train" -> "train";
            case "test" -> "t10k";
            default -> throw new IllegalArgumentException("unknown Fashion-MNIST split '" + split
                    + "'; expected train or test");
        };
        Path images = file(prefix + "-images-idx3-ubyte", log);
        Path labels = file(prefix + "-labels-idx1-ubyte", log);
        return IdxReader.readDataset(images, labels, CLASS_NAMES); // (1, 28, 28) from the files' own header
    }

    /** The path of one file, plain or gzipped, found in the search directories or else downloaded. */
    private Path file(String name, Consumer<String> log) throws IOException {
        for (Path dir : searchDirs) {
            for (Path candidate : List.of(dir.resolve(name), dir.resolve(name + ".gz"))) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        String gz = name + ".gz";
        URI url = mirror.resolve(gz);
        Path target = downloadDir.resolve(gz);
        log.accept("Fashion-MNIST: " + name + " is not in " + searchDirs + "; downloading " + url + " to " + target);
        try {
            Download.fetch(url, target, md5.get(gz));
        } catch (IOException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new IOException("Fashion-MNIST: could not download " + url + " (" + why + "); install Debian's"
                    + " dataset-fashion-mnist or put the files in $" + DATA_ENV, e);
        }
        log.accept("Fashion-MNIST: " + target + " downloaded, MD5 checksum verified");
        return target;
    }
}
