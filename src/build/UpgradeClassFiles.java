import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the class files of a jar older than Java 8 (version 52) as version 52, with the stack
 * maps the split verifier needs: {@code java src/build/UpgradeClassFiles.java JAR...}, in place.
 *
 * <p>Why: the JVM's AOT cache and CDS archives leave out classes older than Java 6 once linked
 * ("Old class has been linked"), and picocli 4.7 is compiled for Java 5. Its ~140 classes were
 * then loaded, parsed and verified by the old inferencing verifier on every start of the CLI:
 * about 60 ms of a 'berth run'. Upgraded, they are cached like every other class. The code of each
 * method is unchanged; only the version and the StackMapTable attributes are new, and every class
 * written is checked with the ClassFile API's verifier. Jars already current are left alone, so
 * running it twice changes nothing.
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
    Path temporary = jar.resolveSibling(jar.getFileName() + ".upgrading");
    int upgraded = 0;
    try (ZipFile zip = new ZipFile(jar.toFile());
        URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        OutputStream file = Files.newOutputStream(temporary);
        ZipOutputStream out = new ZipOutputStream(file)) {
      // Stack maps name the common supertypes of merged values: the jar's own and the JDK's.
      ClassFile classFile =
          ClassFile.of(
              ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
              ClassFile.ClassHierarchyResolverOption.of(
                  ClassHierarchyResolver.defaultResolver()
                      .orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
      for (ZipEntry entry : Collections.list(zip.entries())) {
        byte[] bytes = zip.getInputStream(entry).readAllBytes();
        if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
          ClassModel model = classFile.parse(bytes);
          if (model.majorVersion() < TARGET) {
            bytes =
                classFile.transformClass(
                    model,
                    ClassTransform.endHandler(b -> b.withVersion(TARGET, 0))
                        .andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)));
            List<VerifyError> errors = classFile.verify(bytes);
            if (!errors.isEmpty()) {
              throw new IOException(entry.getName() + " does not verify: " + errors);
            }
            upgraded++;
          }
        }
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    }
    if (upgraded == 0) {
      Files.delete(temporary);
    } else {
      Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return upgraded;
  }
}
