# Sourced by the other scripts: picks a JDK 21+ for Maven and for running the jar.
# The build targets Java 21; where the default java is older, the Temurin 25 JDK is used.
pick_java_home() {
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    return 0
  fi
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  if command -v java >/dev/null && java -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    export JAVA_HOME
    return 0
  fi
  echo "error: Arrakis Gateway Proxy needs a JDK 21 or newer (found: $(java -version 2>&1 | head -1 || echo none))." >&2
  echo "       Install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME to it." >&2
  exit 1
}
pick_java_home
export PATH="$JAVA_HOME/bin:$PATH"
