/**
 * The versions of the local stack, kept in one place (README "Versions and why" explains each).
 * Zeebe 8.6.0: the newest Camunda line Maven Central serves here (8.3.x is not served); it needs Java 21+.
 * Redis exporter 1.1.0: built against Zeebe 8.7, works on 8.6 (0.9.9 is not served).
 * FerretDB v1.24.0: v1.24.1 is refused by the Go module proxy here.
 */
export const ZEEBE_VERSION = '8.6.0';
export const ZEEBE_ARTIFACT = `io.camunda:camunda-zeebe:${ZEEBE_VERSION}:tar.gz`;
export const REDIS_EXPORTER_VERSION = '1.1.0';
export const REDIS_EXPORTER_ARTIFACT = `io.zeebe.redis:zeebe-redis-exporter:${REDIS_EXPORTER_VERSION}:jar:jar-with-dependencies`;
export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.0';
/** Zeebe 8.4 and later run on Java 21 or newer. */
export const MIN_JAVA_MAJOR = 21;
