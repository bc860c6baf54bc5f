package io.berth.os;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * Handlers for signals the JVM receives (SIGINT, SIGTERM, SIGHUP, SIGUSR1...), through the JDK's
 * {@code sun.misc.Signal} in the exported {@code jdk.unsupported} module. It is reached by method
 * handles rather than named in code, since the compiler warns about it on every use and the build
 * treats warnings as errors. A signal the JVM reserves (QUIT for thread dumps) cannot be handled;
 * {@link #handle} says so by returning null.
 */
public final class JvmSignals {
  private static final Class<?> SIGNAL;
  private static final Class<?> HANDLER;
  private static final MethodHandle NEW_SIGNAL;
  private static final MethodHandle HANDLE;
  private static final MethodHandle NAME;

  static {
    try {
      SIGNAL = Class.forName("sun.misc.Signal");
      HANDLER = Class.forName("sun.misc.SignalHandler");
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      NEW_SIGNAL = lookup.findConstructor(SIGNAL, MethodType.methodType(void.class, String.class));
      HANDLE = lookup.findStatic(SIGNAL, "handle", MethodType.methodType(HANDLER, SIGNAL, HANDLER));
      NAME = lookup.findVirtual(SIGNAL, "getName", MethodType.methodType(String.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private JvmSignals() {}

  /**
   * Calls {@code handler} with the signal's name (without SIG) each time {@code name} arrives,
   * instead of the JVM's default. Returns what restores the previous handler, or null when the JVM
   * does not let this signal be handled.
   */
  public static AutoCloseable handle(String name, Consumer<String> handler) {
    try {
      Object signal = NEW_SIGNAL.invoke(name);
      Object proxy =
          Proxy.newProxyInstance(
              HANDLER.getClassLoader(),
              new Class<?>[] {HANDLER},
              (self, method, args) -> {
                if (method.getName().equals("handle")) {
                  handler.accept((String) NAME.invoke(args[0]));
                  return null;
                }
                return switch (method.getName()) {
                  case "toString" -> "berth handler for SIG" + name;
                  case "hashCode" -> System.identityHashCode(self);
                  case "equals" -> self == args[0];
                  default -> null;
                };
              });
      Object previous = HANDLE.invoke(signal, proxy);
      return () -> {
        try {
          HANDLE.invoke(signal, previous);
        } catch (Throwable t) {
          throw new IllegalStateException("cannot restore the handler of SIG" + name, t);
        }
      };
    } catch (IllegalArgumentException e) {
      return null; // reserved by the JVM, or unknown on this platform
    } catch (Throwable t) {
      throw new IllegalStateException("cannot handle SIG" + name + ": " + t.getMessage(), t);
    }
  }
}
