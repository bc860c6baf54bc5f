package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 by the host's OpenSSL (libcrypto 3) when it is there, else by the JDK. Pulls digest every
 * byte twice (the blob and its uncompressed diffID); the JDK's SHA-256 is as fast as OpenSSL's only
 * once C2 has compiled it, and a short-lived CLI or an agent's first pull does most of its hashing
 * before that (about 140 MB/s against 1.5 GB/s here). OpenSSL is fast from the first byte.
 *
 * <p>Each digest owns an OpenSSL context, freed when the digest is no longer reachable; like every
 * {@link MessageDigest}, one is used by one thread at a time. {@code -Dberth.sha256.jdk=true} makes
 * every digest the JDK's.
 */
public final class Sha256 {
  private static final Cleaner CLEANER = Cleaner.create();
  private static final Crypto CRYPTO = Crypto.load();

  private Sha256() {}

  /** A fresh SHA-256 digest: OpenSSL's when the host has libcrypto 3, else the JDK's. */
  public static MessageDigest newDigest() {
    if (CRYPTO != null) {
      return new OpenSsl(CRYPTO);
    }
    return jdk();
  }

  /** Whether digests come from OpenSSL here. */
  public static boolean openSsl() {
    return CRYPTO != null;
  }

  static MessageDigest jdk() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** libcrypto's EVP digest calls. */
  private record Crypto(
      MethodHandle newContext,
      MethodHandle freeContext,
      MemorySegment sha256,
      MethodHandle init,
      MethodHandle update,
      MethodHandle finish) {

    @SuppressWarnings("restricted") // binding to libcrypto, read-only use of its digest
    static Crypto load() {
      if (Boolean.getBoolean("berth.sha256.jdk")) {
        return null;
      }
      try {
        Linker linker = Linker.nativeLinker();
        SymbolLookup crypto = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
        MethodHandle md =
            linker.downcallHandle(find(crypto, "EVP_sha256"), FunctionDescriptor.of(ADDRESS));
        MemorySegment sha256 = (MemorySegment) md.invokeExact();
        return new Crypto(
            linker.downcallHandle(find(crypto, "EVP_MD_CTX_new"), FunctionDescriptor.of(ADDRESS)),
            linker.downcallHandle(
                find(crypto, "EVP_MD_CTX_free"), FunctionDescriptor.ofVoid(ADDRESS)),
            sha256,
            linker.downcallHandle(
                find(crypto, "EVP_DigestInit_ex"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS)),
            // critical: the bytes are read where they are, in the Java array, with no copy
            linker.downcallHandle(
                find(crypto, "EVP_DigestUpdate"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG),
                Linker.Option.critical(true)),
            linker.downcallHandle(
                find(crypto, "EVP_DigestFinal_ex"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS),
                Linker.Option.critical(true)));
      } catch (Throwable e) {
        return null; // no libcrypto 3 here: the JDK's digest does the work
      }
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
      return lookup.find(name).orElseThrow(() -> new IllegalStateException("no " + name));
    }
  }

  /** A {@link MessageDigest} over one OpenSSL context. */
  private static final class OpenSsl extends MessageDigest {
    private final Crypto lib;
    private final MemorySegment context;
    private final byte[] one = new byte[1];

    OpenSsl(Crypto lib) {
      super("SHA-256");
      this.lib = lib;
      try {
        context = (MemorySegment) lib.newContext().invokeExact();
      } catch (Throwable e) {
        throw new IllegalStateException("EVP_MD_CTX_new failed", e);
      }
      if (context.equals(MemorySegment.NULL)) {
        throw new OutOfMemoryError("EVP_MD_CTX_new returned NULL");
      }
      MethodHandle free = lib.freeContext();
      MemorySegment owned = context;
      CLEANER.register(
          this,
          () -> {
            try {
              free.invokeExact(owned);
            } catch (Throwable ignored) {
              // freeing cannot fail in a way left to handle
            }
          });
      init();
    }

    private void init() {
      try {
        check((int) lib.init().invokeExact(context, lib.sha256(), MemorySegment.NULL), "Init");
      } catch (Throwable e) {
        throw rethrown(e);
      }
    }

    @Override
    protected void engineUpdate(byte input) {
      one[0] = input;
      engineUpdate(one, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      if (len == 0) {
        return;
      }
      java.util.Objects.checkFromIndexSize(offset, len, input.length);
      try {
        MemorySegment bytes = MemorySegment.ofArray(input).asSlice(offset, len);
        check((int) lib.update().invokeExact(context, bytes, (long) len), "Update");
      } catch (Throwable e) {
        throw rethrown(e);
      } finally {
        Reference.reachabilityFence(this); // the cleaner frees the context only after the call
      }
    }

    @Override
    protected byte[] engineDigest() {
      byte[] out = new byte[32];
      try {
        check(
            (int) lib.finish().invokeExact(context, MemorySegment.ofArray(out), MemorySegment.NULL),
            "Final");
      } catch (Throwable e) {
        throw rethrown(e);
      } finally {
        Reference.reachabilityFence(this);
      }
      init();
      return out;
    }

    @Override
    protected int engineGetDigestLength() {
      return 32;
    }

    @Override
    protected void engineReset() {
      init();
    }

    private static void check(int ok, String call) {
      if (ok != 1) {
        throw new IllegalStateException("OpenSSL's EVP_Digest" + call + " failed");
      }
    }

    private static RuntimeException rethrown(Throwable e) {
      if (e instanceof RuntimeException r) {
        throw r;
      }
      if (e instanceof Error error) {
        throw error;
      }
      return new IllegalStateException(e);
    }
  }
}
