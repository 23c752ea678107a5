package dev.idcprov.cli;

/** How results are written on stdout. */
public enum OutputFormat {
  /** A readable table. */
  text,
  /** One JSON document. */
  json
}
