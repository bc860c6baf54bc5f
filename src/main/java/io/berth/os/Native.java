package io.berth.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The one place berth binds to libc. Every downcall captures errno, so a failure can name the call,
 * the errno and the path it was about.
 */
final class Native {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

  private Native() {}

  /**
   * A handle to a libc function that takes a call-state segment as its first argument (see {@link
   * #callState}) and writes errno there.
   */
  @SuppressWarnings("restricted") // binding to libc is this package's job
  static MethodHandle function(String name, FunctionDescriptor descriptor) {
    MemorySegment symbol =
        LIBC.find(name)
            .orElseThrow(() -> new UnsupportedOperationException("libc lacks " + name + "()"));
    return LINKER.downcallHandle(symbol, descriptor, CAPTURE_ERRNO);
  }

  /**
   * Like {@link #function}, for a variadic C function ({@code openat}'s mode, {@code syscall}):
   * {@code firstVariadicArg} is the index, in {@code descriptor}, of the first argument passed
   * through {@code ...}, so the linker follows the variadic calling convention for it.
   */
  @SuppressWarnings("restricted")
  static MethodHandle variadicFunction(
      String name, FunctionDescriptor descriptor, int firstVariadicArg) {
    MemorySegment symbol =
        LIBC.find(name)
            .orElseThrow(() -> new UnsupportedOperationException("libc lacks " + name + "()"));
    return LINKER.downcallHandle(
        symbol, descriptor, CAPTURE_ERRNO, Linker.Option.firstVariadicArg(firstVariadicArg));
  }

  /**
   * A handle to {@code syscall(2)} for a system call glibc 2.36 does not wrap, or wraps only in
   * newer versions ({@code openat2}, {@code pidfd_open}, the new mount API). {@code descriptor}
   * starts with the call number ({@code JAVA_LONG}) and returns {@code JAVA_LONG}; pass integer
   * arguments as {@code JAVA_LONG} too, since {@code syscall} reads every argument as a long.
   * Numbers from 424 on are the same on every architecture (the unified table).
   */
  static MethodHandle syscall(FunctionDescriptor descriptor) {
    return variadicFunction("syscall", descriptor, 1);
  }

  /** A handle to a libc function that cannot fail, or whose failure shows in its result only. */
  @SuppressWarnings("restricted")
  static MethodHandle plainFunction(String name, FunctionDescriptor descriptor) {
    MemorySegment symbol =
        LIBC.find(name)
            .orElseThrow(() -> new UnsupportedOperationException("libc lacks " + name + "()"));
    return LINKER.downcallHandle(symbol, descriptor);
  }

  /** Room for the errno a call captures; allocate one per call, in the call's arena. */
  static MemorySegment callState(Arena arena) {
    return arena.allocate(CALL_STATE);
  }

  static int errno(MemorySegment callState) {
    return (int) ERRNO.get(callState, 0L);
  }

  /** Throws when {@code result} is -1, with errno taken from {@code callState}. */
  static int check(int result, MemorySegment callState, String call, Object subject)
      throws ErrnoException {
    if (result == -1) {
      throw new ErrnoException(call, errno(callState), subject);
    }
    return result;
  }

  static long check(long result, MemorySegment callState, String call, Object subject)
      throws ErrnoException {
    if (result == -1L) {
      throw new ErrnoException(call, errno(callState), subject);
    }
    return result;
  }

  /** Wraps a Throwable from {@code invokeExact}: only errors and runtime exceptions can occur. */
  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException("unexpected checked exception from a downcall", t);
  }
}
