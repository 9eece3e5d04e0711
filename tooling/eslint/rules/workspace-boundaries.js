// The house's one-way arrows, checked on every import:
//  - nothing imports an app: apps are the top of the house, and no app imports another;
//  - a package is imported by its name and a declared entry point, never by a path into its
//    files (`@monorepo-auth/auth/src/…`, `../../packages/db/src/…`); only the benchmark may
//    use the core's `internals/*`, because it times the core's steps one by one;
//  - an app's own code uses the db package only for the connection and its health: sessions,
//    users and the rest are the auth core's business.
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const SCOPE = "@monorepo-auth/";
const APPS = new Set(["landing", "web", "admin"]);
/** What an app's own code may take from the db package. */
const DB_FOR_APPS = new Set(["database", "health", "outage-log"]);

const roots = new Map();

/** The repository's root: the nearest folder up from `directory` holding turbo.json. */
function repositoryRoot(directory) {
  if (roots.has(directory)) return roots.get(directory);
  const parent = dirname(directory);
  const root = existsSync(join(directory, "turbo.json"))
    ? directory
    : parent === directory
      ? null
      : repositoryRoot(parent);
  roots.set(directory, root);
  return root;
}

/**
 * The workspace a path belongs to: `apps/web`, `packages/auth`, `tooling/testing`, or a
 * top-level folder such as `bench`; and whether the file is test code.
 */
function workspaceOf(root, path) {
  const parts = relative(root, path).split(sep);
  const nested = ["apps", "packages", "tooling"].includes(parts[0]);
  const name = nested ? `${parts[0]}/${parts[1]}` : parts[0];
  const inside = parts.slice(nested ? 2 : 1);
  const isTest =
    inside[0] === "test" || inside.some((part) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(part));
  return { name, isApp: parts[0] === "apps", isTest };
}

/** @type {import("eslint").Rule.RuleModule} */
export const workspaceBoundaries = {
  meta: {
    type: "problem",
    docs: { description: "Imports follow the workspaces' one-way arrows." },
    schema: [],
    messages: {
      app: "Nothing imports an app ({{name}}): move what is shared into a package.",
      acrossWorkspaces:
        "A relative import into another workspace ({{target}}): import the package by its name.",
      internals:
        "{{specifier}} reaches into a package's files: import one of its declared entry points.",
      dbInApp:
        "An app uses the db package only for the connection and health; ask the auth core for {{specifier}}.",
    },
  },
  create(context) {
    const file = context.filename;
    const root = repositoryRoot(dirname(file));
    if (!root) return {};
    const own = workspaceOf(root, file);

    const check = (node, specifier) => {
      if (typeof specifier !== "string") return;
      if (specifier.startsWith(".")) {
        const target = workspaceOf(root, resolve(dirname(file), specifier));
        if (target.name !== own.name) {
          context.report({ node, messageId: "acrossWorkspaces", data: { target: target.name } });
        }
        return;
      }
      if (!specifier.startsWith(SCOPE)) return;
      const [name = "", ...rest] = specifier.slice(SCOPE.length).split("/");
      if (APPS.has(name)) {
        context.report({ node, messageId: "app", data: { name } });
      } else if (rest[0] === "src" || (rest[0] === "internals" && own.name !== "bench")) {
        context.report({ node, messageId: "internals", data: { specifier } });
      } else if (own.isApp && !own.isTest && name === "db" && !DB_FOR_APPS.has(rest.join("/"))) {
        context.report({ node, messageId: "dbInApp", data: { specifier } });
      }
    };
    const fromSource = (node) => {
      if (node.source) check(node.source, node.source.value);
    };
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression(node) {
        if (node.source.type === "Literal") check(node.source, node.source.value);
      },
    };
  },
};
