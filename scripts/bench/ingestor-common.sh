# Sourced by the ingestor-*.sh benchmarks: the JDK, the build, the jar.
# SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar; JAVA_OPTS adds flags to the benchmark JVM.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ ! -x "$JAVA_HOME/bin/java" ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="$JAVA_HOME/bin/java"
JAR=benchmarks/target/benchmarks.jar
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "==> building $JAR"
  ./mvnw -q -B -DskipTests package -pl benchmarks -am
fi
mkdir -p bench-results

# PerfTest's metrics registries are excluded from benchmarks.jar; fetch them with Maven (once).
perftest_classpath() {
  local extra=benchmarks/target/perftest-extra
  if [ ! -d "$extra" ]; then
    for artifact in io.micrometer:micrometer-registry-datadog:1.14.1 io.micrometer:micrometer-registry-jmx:1.16.8 \
                    io.dropwizard.metrics:metrics-jmx:4.2.40; do
      ./mvnw -q -B -N dependency:copy -Dartifact="$artifact" -DoutputDirectory="$extra" >&2
    done
  fi
  ls "$extra"/*.jar | paste -sd: -
}
