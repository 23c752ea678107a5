package dev.idcprov.sandbox.internal;

/** Routes an operation name to its handler (skeleton). */
public final class Dispatcher {
  private Dispatcher() {}
}
