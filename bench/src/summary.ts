// The index of the benchmarks: reads the reports the suites wrote (`<name>.json`), and writes
// `chart.svg` (throughput per contender, targets marked) and `README.md` (the targets, met or
// not, and links to every table). Runs last; measures nothing itself.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { renderChart, type Bar, type BarRole, type Panel } from "./chart.ts";
import { benchEnv } from "./env.ts";
import { machineLine } from "./machine.ts";
import {
  describeTarget,
  formatRatio,
  type Comparison,
  type ReportFile,
  type TargetResult,
} from "./report.ts";

interface Suite {
  name: string;
  /** What the report answers, for the index. */
  summary: string;
}

const SUITES: Suite[] = [
  {
    name: "validation",
    summary:
      "session validation: the kit vs a raw findOne({_id}), Lucia v3 and Better Auth (cookie cache off and on), concurrency 1 and 32",
  },
  {
    name: "login",
    summary:
      "login: the kit vs raw argon2id and Better Auth (argon2id and its default scrypt), concurrency 1, 4 and 16, with where a kit login's time goes",
  },
  {
    name: "http",
    summary:
      "the production apps under autocannon: landing GET /login, web GET / and GET /api/me signed in, the admin directory, each page against its framework's floor (a bare app of the same versions), in req/s and peak RSS, in a small container's heap, and the cost of authentication",
  },
  { name: "core", summary: "the auth core against its limits, on one connection" },
  {
    name: "growth",
    summary:
      "every operation of the core at 1,000 and at 100,000 users and sessions, p50 and p95, against its time at 1,000; unknown vs known username at login",
  },
];

const { outDir } = benchEnv();

async function readReport(name: string): Promise<ReportFile | null> {
  try {
    return JSON.parse(await readFile(join(outDir, `${name}.json`), "utf8")) as ReportFile;
  } catch {
    return null;
  }
}

function roleOf(row: Comparison, group: Comparison[], http: boolean): BarRole {
  if (row.targetResults.length > 0) return "kit";
  if (group.some((other) => other.limit === row.contender)) return "limit";
  // The HTTP routes are all the kit's apps; in-process, only rows named after the kit are.
  if (http) return "kit";
  return row.contender.startsWith("kit") ? "kit-part" : "peer";
}

/** One panel per benchmark and concurrency of a report, in the report's order. */
function panelsOf(report: ReportFile): Panel[] {
  const http = report.labels?.throughput === "req/s";
  const unit = report.labels?.throughput ?? "ops/s";
  const groups = new Map<string, Comparison[]>();
  for (const row of report.rows) {
    // The HTTP report's apps share one panel: its rows differ in app, not in connections.
    const key = http ? "http" : `${row.benchmark}\u0000${String(row.concurrency)}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0];
    const targets = group.flatMap((row) => row.targetResults);
    const bars: Bar[] = group.map((row) => ({
      // The floors' routes are named "floor: …" already.
      label:
        http && !row.contender.startsWith(row.benchmark)
          ? `${row.benchmark} ${row.contender}`
          : row.contender,
      value: row.measurement.opsPerSecond,
      role: roleOf(row, group, http),
      marks: row.targetResults
        .filter((target) => target.atLeast < 1)
        .map((target) => ({
          value: (row.measurement.opsPerSecond / target.ratio) * target.atLeast,
          met: target.met,
        })),
    }));
    const concurrency = http
      ? `${String(first?.concurrency ?? 0)} connections`
      : `concurrency ${String(first?.concurrency ?? 0)}`;
    return {
      title: `${http ? "HTTP" : capitalize(first?.benchmark ?? "")}, ${concurrency} (${unit})`,
      subtitle: subtitleOf(targets),
      unit,
      bars,
    };
  });
}

/** Targets against a limit one line each; "ahead of" targets (≥ 1×) together on one line. */
function subtitleOf(targets: TargetResult[]): string[] {
  const verdict = (t: TargetResult): string =>
    `${formatRatio(t.ratio)} ${t.met ? "met" : "missed"}`;
  const ahead = targets.filter((t) => t.atLeast >= 1);
  return [
    ...targets
      .filter((t) => t.atLeast < 1)
      .map((t) => `Target ≥ ${formatRatio(t.atLeast)} ${t.against}: ${verdict(t)}`),
    ...(ahead.length > 0
      ? [`Target ahead of peers: ${ahead.map((t) => `${t.against} ${verdict(t)}`).join(" · ")}`]
      : []),
  ];
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const reports = new Map<string, ReportFile>();
for (const suite of SUITES) {
  const report = await readReport(suite.name);
  if (report) reports.set(suite.name, report);
}
const charted = ["validation", "login", "http"].flatMap((name) => {
  const report = reports.get(name);
  return report ? [report] : [];
});
if (charted.length === 0) throw new Error(`no benchmark reports in ${outDir} to summarize`);
const machine = charted[0]?.machine;
if (!machine) throw new Error("a report without its machine");

const svg = renderChart(
  "monorepo-auth: the kit against its limits and its peers",
  `${machineLine(machine)}. Median runs; each panel to its own scale.`,
  charted.flatMap(panelsOf),
);
await writeFile(join(outDir, "chart.svg"), svg);

const targetLines = [...reports]
  .filter(([name]) => name !== "core")
  .flatMap(([name, report]) => [
    ...report.rows.flatMap((row) =>
      row.targetResults.map(
        (target) =>
          `| [${report.title}](${name}.md) | ${row.contender} | ${String(row.concurrency)} | ${describeTarget(target)} | ${formatRatio(target.ratio)} |`,
      ),
    ),
    // Targets that are not a ratio of throughput (growth): measured one at a time.
    ...(report.verdicts ?? []).map(
      (verdict) =>
        `| [${report.title}](${name}.md) | ${verdict.subject} | 1 | ${verdict.target} ${verdict.met ? "✅" : "❌"} | ${verdict.measured} |`,
    ),
  ]);
const readme = [
  "# Benchmarks",
  "",
  "Written by `npm run bench` (not part of the tests): it starts a fresh local database (or uses `MONGODB_URI`), builds the apps, runs every suite in `bench/src/` and writes these files. `npm run bench -- validation login` runs only the suites named; this index is rewritten from whatever reports are here.",
  "",
  `Machine: ${machineLine(machine)}.`,
  "",
  "![Throughput per contender, targets marked](chart.svg)",
  "",
  "## Targets",
  "",
  "| Report | Contender | Concurrency | Target | Measured |",
  "| --- | --- | ---: | --- | ---: |",
  ...targetLines,
  "",
  "Where a target is missed, the report's notes and extra sections say where the time goes, measured (step timings, CPU time per operation of Node and of the database server).",
  "",
  "## Reports",
  "",
  ...SUITES.filter((suite) => reports.has(suite.name)).map((suite) => {
    const report = reports.get(suite.name);
    const date = report?.machine.date.slice(0, 10) ?? "";
    return `- [${report?.title ?? suite.name}](${suite.name}.md) ([JSON](${suite.name}.json)), ${date}: ${suite.summary}.`;
  }),
  "",
].join("\n");
await writeFile(join(outDir, "README.md"), readme);
console.log(`wrote ${join(outDir, "chart.svg")} and ${join(outDir, "README.md")}`);
