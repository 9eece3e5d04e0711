// Runs first wherever plain `node` is about to run TypeScript: the root `preinstall`,
// `dev`, `start`, `test` and `bench`, and landing's `start`. Node strips types by
// default only from 22.18 (23.6 on the 23 line); an older one would stop on the first
// `.ts` file with ERR_UNKNOWN_FILE_EXTENSION, which says nothing about what to do.
// Plain JavaScript without imports or recent syntax: it must run on the Node it turns away.
const version = process.versions.node;
const [major = 0, minor = 0] = version.split(".").map(Number);
const stripsTypes = major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);

if (!stripsTypes) {
  const floor = major === 23 ? "23.6" : "22.18";
  process.stderr.write(
    `Node.js v${version} is too old for monorepo-auth (it needs ${floor} or later): ` +
      "run `. scripts/use-node24.sh` (or `nvm use` / `fnm use`, which read .nvmrc), then try again.\n",
  );
  process.exit(1);
}
