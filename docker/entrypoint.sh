#!/bin/sh
# Starts the medallion demo with its flags taken from SLUICE_* environment variables, so the image
# is configured like any other container (compose `environment:`, `docker run -e`).
#
#   SLUICE_BOOTSTRAP_SERVERS  --bootstrap-servers   (no default: passed only when set)
#   SLUICE_TRIGGER            --trigger             5s (or available-now)
#   SLUICE_DATA_DIR           --data-dir            /data (tables and checkpoints; a volume)
#   SLUICE_HTTP_PORT          --http-port           8080 (/metrics, /health, /api/queries)
#   SLUICE_HTTP_HOST          -Dsluice.http.host    0.0.0.0 (the engine's default, 127.0.0.1,
#                                                   would be unreachable from other containers)
#   SLUICE_EVENTS             --events              0 (keep generating orders)
#   SLUICE_GENERATE           --generate            true
#   SLUICE_MAIN_CLASS         the class to run      io.sluice.examples.medallion.MedallionDemo
#   JAVA_OPTS                 JVM options, split on spaces
#
# Arguments given to the container are appended, after the flags above, so they can add or override
# flags. A first argument that is not a flag is run as a command instead (`docker run -it IMAGE sh`).
set -eu

if [ "$#" -gt 0 ] && [ "${1#-}" = "$1" ]; then
  exec "$@"
fi

APP_HOME="${SLUICE_APP_HOME:-/app}"
MAIN_CLASS="${SLUICE_MAIN_CLASS:-io.sluice.examples.medallion.MedallionDemo}"
TRIGGER="${SLUICE_TRIGGER:-5s}"
DATA_DIR="${SLUICE_DATA_DIR:-/data}"
HTTP_PORT="${SLUICE_HTTP_PORT:-8080}"
HTTP_HOST="${SLUICE_HTTP_HOST:-0.0.0.0}"
EVENTS="${SLUICE_EVENTS:-0}"
GENERATE="${SLUICE_GENERATE:-true}"
# Half the container's memory for the heap: RocksDB's block cache and memtables live off-heap.
JAVA_OPTS="${JAVA_OPTS:--XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError}"

set -- --trigger "$TRIGGER" --data-dir "$DATA_DIR" --http-port "$HTTP_PORT" \
  --events "$EVENTS" --generate "$GENERATE" "$@"
if [ -n "${SLUICE_BOOTSTRAP_SERVERS:-}" ]; then
  set -- --bootstrap-servers "$SLUICE_BOOTSTRAP_SERVERS" "$@"
fi

# JAVA_OPTS is split on whitespace on purpose; no glob expansion of its words.
set -f
# shellcheck disable=SC2086
exec java $JAVA_OPTS \
  "-Dsluice.http.port=$HTTP_PORT" "-Dsluice.http.host=$HTTP_HOST" \
  -cp "$APP_HOME/lib/*:$APP_HOME/examples.jar" \
  "$MAIN_CLASS" "$@"
