#!/usr/bin/env bash
# CI: the compiled start, as production runs it. Builds dist/ here, copies it with package.json and
# the lockfile into an empty folder that gets the production dependencies alone (no tsx, no
# typescript, no sources, no operations/), runs `npm run start:prod` there on the embedded sandbox,
# checks /healthz, GraphiQL's example operations and its script, and an authenticated query (a token minted by the
# built dist/scripts/token.js), then SIGTERMs npm and expects the server's graceful exit 0.
set -euo pipefail
cd "$(dirname "$0")/.."
began=$SECONDS

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -TERM "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "built start: $*" >&2
  [ -f "$work/server.log" ] && sed 's/^/  server: /' "$work/server.log" >&2
  exit 1
}

npm run --silent build
cp -R dist package.json package-lock.json "$work/"
# --prefer-offline: the full install just filled the npm cache.
(cd "$work" && npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error)
for dev in tsx typescript vitest; do
  [ ! -e "$work/node_modules/$dev" ] || fail "$dev was installed with --omit=dev"
done
echo "built start: dist/ and production dependencies ready after $((SECONDS - began)) s"

cd "$work"
port=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
url="http://127.0.0.1:$port"
export ENKASH_MODE=sandbox PORT="$port" SANDBOX_PORT=0 LOG_LEVEL=warn
AUTH_JWT_SECRET=$(node -e 'console.log(require("node:crypto").randomBytes(32).toString("hex"))')
export AUTH_JWT_SECRET

npm run --silent start:prod >server.log 2>&1 &
server=$!

# GET or POST with node's fetch (curl may be absent); prints the status, then the body.
http() {
  node -e '
    const [url, token, query] = process.argv.slice(1);
    const init = query
      ? { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query }) }
      : { headers: { accept: "text/html" } };
    fetch(url, init).then(async (r) => console.log(r.status + "\n" + (await r.text())), () => console.log("0"));
  ' "$@"
}

for _ in $(seq 1 120); do
  kill -0 "$server" 2>/dev/null || fail "the server exited before it served"
  [ "$(http "$url/healthz" | head -1)" = 200 ] && break
  sleep 0.25
done
health=$(http "$url/healthz")
[ "$(head -1 <<<"$health")" = 200 ] || fail "GET /healthz did not answer 200 within 30 s"
echo "built start: /healthz 200 after $((SECONDS - began)) s"

# The example operations are read from dist/operations at run time.
page=$(http "$url/graphql")
grep -q "query CardScreen" <<<"$page" || fail "GraphiQL does not offer the example operations"
# GraphiQL's bundle comes from this server (a production dependency), not from a CDN.
script=$(grep -o '/graphiql/[0-9a-f]*/graphiql.js' <<<"$page" | head -1)
[ -n "$script" ] || fail "GraphiQL's page names no script of this server"
grep -q "renderYogaGraphiQL" <<<"$(http "$url$script")" || fail "GraphiQL's script $script is not served"

token=$(node dist/scripts/token.js --role PARTNER_ADMIN --ttl 300)
answer=$(http "$url/graphql" "$token" "query Smoke { companies { companyId cardAccounts { cardAccountId } } }")
node -e '
  const [status, ...body] = process.argv[1].split("\n");
  const result = JSON.parse(body.join("\n"));
  const ids = result.data?.companies?.map((company) => company.companyId).sort().join(",");
  if (status !== "200" || result.errors || ids !== "CEK7T1WMC6,CEKEP5GSGP") {
    console.error(`unexpected answer: ${process.argv[1]}`);
    process.exit(1);
  }
' "$answer" || fail "the authenticated query did not answer the sandbox's companies"
echo "built start: authenticated query answered data"

kill -TERM "$server"
code=0
wait "$server" || code=$?
server=""
[ "$code" = 0 ] || fail "exit code $code after SIGTERM (expected 0)"
# npm waits for the server it execs: once npm is gone, nothing may still listen.
[ "$(http "$url/healthz" | head -1)" = 0 ] || fail "something still answers on $url after the exit"
echo "built start: stopped with 0 on SIGTERM; $((SECONDS - began)) s in all"
