package dev.idcprov.cli;

/** How results are written on stdout. Lower-case constants because they are what users type and see in --help. */
public enum OutputFormat {
  /** A readable table. */
  text,
  /** One JSON document. */
  json
}
