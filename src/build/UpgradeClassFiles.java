import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Rewrites the class files of a jar older than Java 8 (version 52) as version 52, with the stack
 * maps the split verifier needs: {@code java src/build/UpgradeClassFiles.java JAR...}, in place.
 *
 * <p>Why: the JVM's AOT cache and CDS archives leave out classes older than Java 6 once linked
 * ("Old class has been linked"), and picocli 4.7 is compiled for Java 5. Its ~140 classes were
 * then loaded, parsed and verified by the old inferencing verifier on every start of the CLI:
 * about 60 ms of a 'berth run'. Upgraded, they are cached like every other class. The jar holds
 * every library, so the few other classes older than Java 8 are upgraded too. The code of each
 * method is unchanged; only the version and the StackMapTable attributes are new, and every class
 * written is checked with the ClassFile API's verifier. Running it twice changes nothing.
 */
public final class UpgradeClassFiles {
  private static final int TARGET = ClassFile.JAVA_8_VERSION;

  public static void main(String[] args) throws IOException {
    for (String jar : args) {
      int upgraded = upgrade(Path.of(jar));
      System.out.println(jar + ": " + upgraded + " class files upgraded to version " + TARGET);
    }
  }

  private static int upgrade(Path jar) throws IOException {
    int upgraded = 0;
    // The jar as a file system: entries left alone are copied as they are, still compressed, when
    // it is written back, so a jar of every library is rewritten in a second, not re-deflated.
    try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        FileSystem zip = FileSystems.newFileSystem(jar)) {
      // Stack maps name the common supertypes of merged values: the jar's own and the JDK's.
      ClassFile classFile =
          ClassFile.of(
              ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
              ClassFile.ClassHierarchyResolverOption.of(
                  ClassHierarchyResolver.defaultResolver()
                      .orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
      List<Path> old;
      try (Stream<Path> entries = Files.walk(zip.getPath("/"))) {
        old =
            entries
                .filter(p -> p.toString().endsWith(".class"))
                .filter(p -> !p.toString().endsWith("module-info.class"))
                .filter(UpgradeClassFiles::older)
                .toList();
      }
      // Every class is upgraded and verified before one is written: the file system writes the
      // jar back when it closes, even after a failure.
      Map<Path, byte[]> upgrades = new LinkedHashMap<>();
      for (Path entry : old) {
        ClassModel model = classFile.parse(Files.readAllBytes(entry));
        byte[] bytes =
            classFile.transformClass(
                model,
                ClassTransform.endHandler(b -> b.withVersion(TARGET, 0))
                    .andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)));
        List<VerifyError> errors = classFile.verify(bytes);
        if (!errors.isEmpty()) {
          throw new IOException(entry + " does not verify: " + errors);
        }
        upgrades.put(entry, bytes);
      }
      for (Map.Entry<Path, byte[]> upgrade : upgrades.entrySet()) {
        FileTime time = Files.getLastModifiedTime(upgrade.getKey());
        Files.write(upgrade.getKey(), upgrade.getValue());
        Files.setLastModifiedTime(upgrade.getKey(), time);
        upgraded++;
      }
    }
    return upgraded;
  }

  /** Whether a class file's major version (bytes 6 and 7) is older than the target. */
  private static boolean older(Path classFile) {
    try (InputStream in = Files.newInputStream(classFile)) {
      byte[] header = in.readNBytes(8);
      return header.length == 8 && ((header[6] & 0xff) << 8 | (header[7] & 0xff)) < TARGET;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
