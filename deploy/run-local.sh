#!/usr/bin/env bash
# Relations Atlas behind nginx, on one machine: N Streamlit replicas of dashboard/app.py and
# nginx in front of them, all in the foreground; Ctrl-C (or SIGTERM) stops everything.
#
#   deploy/run-local.sh N            # N replicas (default 2), nginx on ATLAS_PORT (8080)
#
# Environment: ATLAS_PORT (nginx's port, default 8080), ATLAS_LISTEN (its address, default
# 127.0.0.1; the image uses 0.0.0.0), ATLAS_REPLICA_PORT (the first
# replica's port, default 8601; the others follow), ATLAS_BASE_PATH (e.g. "atlas" to serve
# under /atlas/), ATLAS_SEEDS (the documents' folder, read-only; default seeds/),
# ATLAS_MAX_CONNS (connections per replica, default 200), ATLAS_PER_CLIENT (websockets
# per client address, default 20), ATLAS_RUN (working folder for
# nginx's config, logs and pids, default a new temporary folder). The Dockerfile runs this
# same script. Requires Debian's nginx and the project installed (pip install -e .).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2}
PORT=${ATLAS_PORT:-8080}
LISTEN=${ATLAS_LISTEN:-127.0.0.1}
FIRST=${ATLAS_REPLICA_PORT:-8601}
BASE=${ATLAS_BASE_PATH:-}
BASE=${BASE#/}; BASE=${BASE%/}
MAX_CONNS=${ATLAS_MAX_CONNS:-200}
PER_CLIENT=${ATLAS_PER_CLIENT:-20}
RUN=${ATLAS_RUN:-$(mktemp -d -t atlas-run-XXXXXX)}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "error: nginx not found (apt-get install nginx)" >&2; exit 2; }
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "error: N must be a positive number, got '$N'" >&2; exit 2; }
mkdir -p "$RUN"
chmod 755 "$RUN"  # nginx's workers (not root) write their temporary files here
PY=${PYTHON:-python3}
if ! "$PY" -c 'import streamlit, geodata, dashboard' 2>/dev/null; then
    echo "run-local.sh: $PY cannot import the dashboard: activate the project's virtual" \
        "environment (README: python3 -m venv .venv && . .venv/bin/activate && pip install -e .)" \
        "or set PYTHON to its interpreter" >&2
    exit 2
fi
STREAMLIT_STATIC=$("$PY" -c 'import os, streamlit; print(os.path.join(os.path.dirname(streamlit.__file__), "static", "static"))')
# The app's static folder (Leaflet, the world shapes) is filled by the app on its first
# start; fill it now, so nginx serves it from the first request.
"$PY" -c 'from dashboard.assets import ensure_static; ensure_static()'
# nginx's workers run as an unprivileged user, which may not reach into the project's,
# the virtual environment's or $RUN's folders (a checkout under /root, a private temporary
# folder): what they read and write lives in a folder of their own under /tmp.
WWW=$(mktemp -d /tmp/atlas-www-XXXXXX)
chmod 755 "$WWW"
cp -r "$STREAMLIT_STATIC" "$WWW/static"
cp -r "$(pwd)/dashboard/static" "$WWW/app-static"
chmod -R a+rX "$WWW"
STREAMLIT_STATIC=$WWW/static
APP_STATIC=$WWW/app-static

pids=()
stop() {
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -n "${WWW:-}" ] && rm -rf "$WWW"
}
trap stop EXIT INT TERM

upstreams=""
for ((i = 0; i < N; i++)); do
    port=$((FIRST + i))
    args=(--server.headless true --server.port "$port" --server.address 127.0.0.1
          --server.enableStaticServing true --browser.gatherUsageStats false)
    [ -n "$BASE" ] && args+=(--server.baseUrlPath "$BASE")
    # nginx (on this host) names each reader in X-Real-IP: per-client publishing quotas.
    ATLAS_TRUSTED_PROXIES=127.0.0.1 \
        "$PY" -m streamlit run dashboard/app.py "${args[@]}" >"$RUN/replica-$port.log" 2>&1 &
    pids+=("$!")
    echo "$!" >"$RUN/replica-$port.pid"
    upstreams+="        server 127.0.0.1:$port max_conns=$MAX_CONNS max_fails=1 fail_timeout=10s;"$'\n'
done

# Health checks: nginx starts once every replica answers /_stcore/health.
prefix=${BASE:+/$BASE}
for ((i = 0; i < N; i++)); do
    port=$((FIRST + i))
    for _ in $(seq 1 120); do
        if "$PY" -c "import urllib.request, sys; urllib.request.urlopen('http://127.0.0.1:$port$prefix/_stcore/health', timeout=1)" 2>/dev/null; then
            break
        fi
        kill -0 "${pids[$i]}" 2>/dev/null || { echo "error: replica on port $port exited; see $RUN/replica-$port.log" >&2; exit 1; }
        sleep 0.5
    done
done

mime=/etc/nginx/mime.types
if [ ! -f "$mime" ]; then
    mime=$RUN/mime.types
    printf 'types { text/html html; text/css css; application/javascript js; application/json json geojson; image/png png; image/svg+xml svg; }\n' >"$mime"
fi
"$PY" - "$RUN/nginx.conf" <<PYEOF
import sys
from pathlib import Path
text = Path("deploy/nginx.conf.template").read_text()
for key, value in {
    "@RUN@": "$RUN", "@MIME_TYPES@": "$mime", "@PORT@": "$PORT", "@BASE@": "$prefix",
    "@LISTEN@": "$LISTEN", "@PER_CLIENT@": "$PER_CLIENT", "@WWW@": "$WWW",
    "@STREAMLIT_STATIC@": "$STREAMLIT_STATIC", "@APP_STATIC@": "$APP_STATIC",
    "@UPSTREAMS@": """$upstreams""".rstrip("\n"),
}.items():
    text = text.replace(key, value)
Path(sys.argv[1]).write_text(text)
PYEOF
"$NGINX" -t -q -c "$RUN/nginx.conf" -p "$RUN" -e "$RUN/error.log"
"$NGINX" -c "$RUN/nginx.conf" -p "$RUN" -e "$RUN/error.log" &
front=$!
pids+=("$front")
echo "Relations Atlas: http://localhost:$PORT$prefix/ ($N replicas from port $FIRST; logs in $RUN)"
# Runs as long as nginx does: a replica that dies is nginx's to route around, not a reason
# to stop the others.
wait "$front"
