package dev.enlightened.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The classpath entry of a class or resource, for the JVMs the tools fork. */
class ClasspathTest {

    @Test
    void aResourceInAJarGivesTheJar() throws Exception {
        Path jar = Path.of(Classpath.entryOf("org/junit/jupiter/api/Test.class"));
        assertTrue(jar.toString().endsWith(".jar"), jar.toString());
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertTrue(zip.getEntry("org/junit/jupiter/api/Test.class") != null, "the jar holds the resource");
        }
    }

    @Test
    void aResourceInAClassDirectoryGivesTheDirectory() {
        Path dir = Path.of(Classpath.entryOf("dev/enlightened/workspace/Classpath.class"));
        assertTrue(Files.isRegularFile(dir.resolve("dev/enlightened/workspace/Classpath.class")), dir.toString());
    }

    @Test
    void aMissingResourceIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Classpath.entryOf("no/Such.class"));
        assertEquals("no/Such.class is not on the classpath", e.getMessage());
    }

    @Test
    void classesAndResourcesJoinEachEntryOnce() {
        String cp = Classpath.of(List.of(), List.of(Test.class), List.of("org/junit/jupiter/api/Test.class",
                "dev/enlightened/workspace/Classpath.class"));
        List<String> entries = List.of(cp.split(File.pathSeparator));
        assertEquals(2, entries.size(), cp);
        assertEquals(Classpath.entryOf("org/junit/jupiter/api/Test.class"), entries.get(0));
    }
}
