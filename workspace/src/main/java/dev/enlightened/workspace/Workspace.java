package dev.enlightened.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the specs, the trace modules and the model catalog come from at run time. Two kinds, one layout (that of
 * the repository: {@code specs/models.json}, {@code specs/<concern>/*.tla},
 * {@code trace-validation/src/main/tla/<concern>/Trace*.tla}):
 * <ul>
 *   <li>a <b>checkout</b>, when {@code --root}, the system property {@value #PROPERTY} (surefire sets it) or the
 *       environment variable {@value #ENVIRONMENT} (the repository's launcher sets it) names one: for people
 *       editing specs; outputs go to its {@code target/};</li>
 *   <li>the <b>jars' resources</b> otherwise: every jar on the classpath may carry files under
 *       {@value #RESOURCES}{@code /} (the checkout's paths below it); they are extracted once per JVM into a
 *       temporary directory deleted on exit ({@link TempDirs}), because TLC and SANY read files, not resources.</li>
 * </ul>
 * Nothing walks up from the working directory: a command behaves the same wherever it is started.
 */
public final class Workspace {
    /** System property naming a checkout. */
    public static final String PROPERTY = "enlightened.root";
    /** Environment variable naming a checkout. */
    public static final String ENVIRONMENT = "ENLIGHTENED_ROOT";
    /** Resource folder whose content mirrors the checkout's layout. */
    public static final String RESOURCES = "enlightened-workspace";
    /** The catalog, relative to the root. */
    public static final Path CATALOG = Path.of("specs", "models.json");
    /** The protocol specs and their models, relative to the root. */
    public static final Path SPECS = Path.of("specs");
    /** The trace modules, relative to the root. */
    public static final Path TRACE_MODULES = Path.of("trace-validation", "src", "main", "tla");

    private static Workspace extracted;

    private final Path root;
    private final boolean checkout;

    private Workspace(Path root, boolean checkout) {
        this.root = root;
        this.checkout = checkout;
    }

    /**
     * The workspace a command uses.
     *
     * @param rootOption the {@code --root} value, or null
     * @throws WorkspaceException when a checkout is named that is not one
     */
    public static Workspace locate(Path rootOption) {
        return locate(rootOption, System.getProperty(PROPERTY), System.getenv(ENVIRONMENT));
    }

    static Workspace locate(Path rootOption, String property, String environment) {
        if (rootOption != null) {
            return checkout(rootOption, "--root");
        }
        if (property != null && !property.isBlank()) {
            return checkout(Path.of(property), "system property " + PROPERTY);
        }
        if (environment != null && !environment.isBlank()) {
            return checkout(Path.of(environment), "environment variable " + ENVIRONMENT);
        }
        return resources();
    }

    /**
     * @param root   a repository checkout
     * @param source what named it, for the message
     * @throws WorkspaceException if {@code root} holds no {@code specs/models.json}
     */
    public static Workspace checkout(Path root, String source) {
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs.resolve(CATALOG))) {
            throw new WorkspaceException(source + " names " + abs + ", which is not an enlightened checkout (no "
                    + CATALOG + " in it)");
        }
        return new Workspace(abs, true);
    }

    /**
     * The jars' resources, extracted on first use in this JVM.
     *
     * @throws IllegalStateException if no jar on the classpath carries them (a broken installation)
     */
    public static synchronized Workspace resources() {
        if (extracted == null) {
            Path dir = TempDirs.create("workspace");
            int files = extract(Workspace.class.getClassLoader(), dir);
            if (files == 0 || !Files.isRegularFile(dir.resolve(CATALOG))) {
                TempDirs.delete(dir);
                throw new IllegalStateException("the installation carries no " + RESOURCES + "/" + CATALOG
                        + " resource: rebuild it, or name a checkout with --root or " + ENVIRONMENT);
            }
            extracted = new Workspace(dir, false);
        }
        return extracted;
    }

    /** Copies every {@value #RESOURCES} folder the class loader sees into {@code target}; returns files copied. */
    static int extract(ClassLoader loader, Path target) {
        try {
            int files = 0;
            for (URL url : Collections.list(loader.getResources(RESOURCES))) {
                files += copyTree(url, target);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the workspace resources: " + e.getMessage(), e);
        }
    }

    private static int copyTree(URL url, Path target) throws IOException {
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("bad resource URL " + url, e);
        }
        if ("file".equals(uri.getScheme())) {
            return copy(Path.of(uri), target);
        }
        if (!"jar".equals(uri.getScheme())) {
            throw new IOException("unsupported resource URL " + url);
        }
        String jar = uri.toString().substring(0, uri.toString().indexOf("!/"));
        FileSystem fs;
        boolean opened = false;
        try {
            fs = FileSystems.newFileSystem(URI.create(jar), Map.of());
            opened = true;
        } catch (FileSystemAlreadyExistsException e) {
            fs = FileSystems.getFileSystem(URI.create(jar));
        }
        try {
            return copy(fs.getPath("/" + RESOURCES), target);
        } finally {
            if (opened) {
                fs.close();
            }
        }
    }

    private static int copy(Path from, Path target) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            // Relative path as a string: the source may be a zip file system, the target the default one.
            Path to = target.resolve(from.relativize(f).toString()).normalize();
            if (!to.startsWith(target)) {
                throw new IOException("resource escapes the workspace: " + f);
            }
            Files.createDirectories(to.getParent());
            Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return files.size();
    }

    /** @return the directory laid out like the repository */
    public Path root() {
        return root;
    }

    /** @return true for a checkout, false for extracted resources */
    public boolean isCheckout() {
        return checkout;
    }

    /** @return {@code specs/models.json} */
    public Path catalog() {
        return root.resolve(CATALOG);
    }

    /** @return {@code specs/} */
    public Path specs() {
        return root.resolve(SPECS);
    }

    /** @return {@code trace-validation/src/main/tla/} */
    public Path traceModules() {
        return root.resolve(TRACE_MODULES);
    }

    /** @return scratch space for TLC metadirs and generated traces: {@code <root>/target} */
    public Path work() {
        return root.resolve("target");
    }

    /**
     * @return where files the user reads afterwards go (counterexamples): the checkout's {@code target/}, or
     *     {@code enlightened-out/} in the working directory when running from resources (the extracted copy is
     *     deleted on exit)
     */
    public Path output() {
        return checkout ? work() : Path.of("enlightened-out").toAbsolutePath();
    }

    @Override
    public String toString() {
        return checkout ? "checkout " + root : "built-in specs (extracted to " + root + ")";
    }
}
