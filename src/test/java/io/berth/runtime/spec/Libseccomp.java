package io.berth.runtime.spec;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's libseccomp (the library runc 1.1 resolves system call names with), asked which names
 * it knows. runc skips a name its libseccomp does not know, so a misspelt name in the profile would
 * quietly deny the call.
 */
final class Libseccomp {
  /** AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM. */
  static final int[] ARCHITECTURES = {0xC000003E, 0x40000003, 0xC00000B7, 0x40000028};

  private static final Path LIBRARY = Path.of("/usr/lib/x86_64-linux-gnu/libseccomp.so.2");
  private final MethodHandle resolve;

  @SuppressWarnings("restricted") // a test binding to the library runc itself uses
  Libseccomp() {
    if (!Files.exists(LIBRARY)) {
      throw new AssertionError(
          LIBRARY + " is missing; install it with: apt-get install -y libseccomp2 (runc needs it)");
    }
    SymbolLookup library = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
    resolve =
        Linker.nativeLinker()
            .downcallHandle(
                library.find("seccomp_syscall_resolve_name_arch").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
  }

  /** Whether {@code name} is a real system call on at least one architecture berth filters. */
  boolean knows(String name) {
    try (Arena arena = Arena.ofConfined()) {
      for (int arch : ARCHITECTURES) {
        int number = (int) resolve.invokeExact(arch, arena.allocateFrom(name));
        if (number >= 0) {
          return true;
        }
      }
      return false;
    } catch (Throwable e) {
      throw new AssertionError("cannot ask libseccomp about " + name, e);
    }
  }
}
