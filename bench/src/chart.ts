// A small SVG bar chart, written by hand so that it needs no library, no browser and no
// external font: horizontal bars of throughput per contender, one panel per benchmark and
// concurrency (each to its own scale), with the kit's targets marked on its bars. Light
// background, system fonts: readable where a README shows it, in light or dark mode.

export type BarRole = "kit" | "kit-part" | "limit" | "peer";

export interface TargetMark {
  /** Throughput the bar has to reach. */
  value: number;
  met: boolean;
}

export interface Bar {
  label: string;
  value: number;
  role: BarRole;
  marks: TargetMark[];
}

export interface Panel {
  title: string;
  /** Lines under the title, e.g. the targets and whether they are met. */
  subtitle: string[];
  unit: string;
  bars: Bar[];
}

const WIDTH = 880;
const LABEL_WIDTH = 290;
const BAR_AREA = 440;
const BAR_HEIGHT = 18;
const BAR_GAP = 6;
const TITLE_HEIGHT = 24;
const LINE_HEIGHT = 16;
const PANEL_GAP = 22;
const MARGIN = 20;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const COLORS: Record<BarRole, string> = {
  kit: "#2563eb",
  "kit-part": "#93c5fd",
  limit: "#6b7280",
  peer: "#f59e0b",
};
const MET = "#15803d";
const MISSED = "#dc2626";

const LEGEND: { role: BarRole; text: string }[] = [
  { role: "kit", text: "the kit" },
  { role: "kit-part", text: "part of the kit" },
  { role: "limit", text: "limit" },
  { role: "peer", text: "peer" },
];

export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

const round = (value: number): string => String(Math.round(value * 10) / 10);

function text(x: number, y: number, content: string, attributes = ""): string {
  return `<text x="${round(x)}" y="${round(y)}"${attributes ? ` ${attributes}` : ""}>${escapeXml(content)}</text>`;
}

function renderPanel(panel: Panel, top: number): { svg: string; height: number } {
  const parts: string[] = [
    text(MARGIN, top + 16, panel.title, `font-size="15" font-weight="600" fill="#111827"`),
    ...panel.subtitle.map((line, index) =>
      text(
        MARGIN,
        top + TITLE_HEIGHT + 10 + index * LINE_HEIGHT,
        line,
        `font-size="12" fill="#374151"`,
      ),
    ),
  ];
  const header = TITLE_HEIGHT + panel.subtitle.length * LINE_HEIGHT + 6;
  // Room for the target marks too, so that a mark beyond every bar stays in the panel.
  const scaleMax =
    Math.max(...panel.bars.flatMap((bar) => [bar.value, ...bar.marks.map((m) => m.value)]), 1) *
    1.05;
  const x0 = MARGIN + LABEL_WIDTH;
  const barsTop = top + header;
  const barsHeight = panel.bars.length * (BAR_HEIGHT + BAR_GAP);
  parts.push(
    `<line x1="${String(x0)}" y1="${String(barsTop - 3)}" x2="${String(x0)}" y2="${String(barsTop + barsHeight - BAR_GAP + 3)}" stroke="#9ca3af"/>`,
  );
  panel.bars.forEach((bar, index) => {
    const y = barsTop + index * (BAR_HEIGHT + BAR_GAP);
    const width = Math.max(1, (bar.value / scaleMax) * BAR_AREA);
    const markXs = bar.marks.map((mark) => x0 + (mark.value / scaleMax) * BAR_AREA);
    // The value goes after the bar, or after a mark beyond it, never across one.
    const valueX = Math.max(x0 + width, ...markXs.map((x) => x + 2)) + 6;
    const weight = bar.role === "kit" ? ` font-weight="600"` : "";
    parts.push(
      text(
        x0 - 8,
        y + BAR_HEIGHT - 5,
        bar.label,
        `font-size="12" text-anchor="end" fill="#111827"${weight}`,
      ),
      `<rect x="${String(x0)}" y="${String(y)}" width="${round(width)}" height="${String(BAR_HEIGHT)}" rx="2" fill="${COLORS[bar.role]}"/>`,
      text(
        valueX,
        y + BAR_HEIGHT - 5,
        `${bar.value.toFixed(0)} ${panel.unit}`,
        `font-size="12" fill="#111827"`,
      ),
    );
    bar.marks.forEach((mark, markIndex) => {
      const x = markXs[markIndex] ?? x0;
      parts.push(
        `<line x1="${round(x)}" y1="${String(y - 3)}" x2="${round(x)}" y2="${String(y + BAR_HEIGHT + 3)}" stroke="${mark.met ? MET : MISSED}" stroke-width="2.5" stroke-dasharray="4 2"/>`,
      );
    });
  });
  return { svg: parts.join("\n"), height: header + barsHeight + PANEL_GAP };
}

/** The whole chart as an SVG document. */
export function renderChart(title: string, subtitle: string, panels: Panel[]): string {
  const header = 78;
  const parts: string[] = [
    text(MARGIN, 28, title, `font-size="19" font-weight="700" fill="#111827"`),
    text(MARGIN, 48, subtitle, `font-size="12" fill="#374151"`),
  ];
  // Legend: one swatch per role, then the target mark.
  let x = MARGIN;
  for (const { role, text: label } of LEGEND) {
    parts.push(
      `<rect x="${String(x)}" y="58" width="12" height="12" rx="2" fill="${COLORS[role]}"/>`,
      text(x + 17, 68.5, label, `font-size="12" fill="#111827"`),
    );
    x += 30 + label.length * 6.5;
  }
  for (const [met, label] of [
    [true, "target (met)"],
    [false, "target (missed)"],
  ] as const) {
    parts.push(
      `<line x1="${String(x + 6)}" y1="56" x2="${String(x + 6)}" y2="72" stroke="${met ? MET : MISSED}" stroke-width="2.5" stroke-dasharray="4 2"/>`,
      text(x + 15, 68.5, label, `font-size="12" fill="#111827"`),
    );
    x += 30 + label.length * 6.5;
  }

  let top = header + 10;
  for (const panel of panels) {
    const rendered = renderPanel(panel, top);
    parts.push(`<g>\n${rendered.svg}\n</g>`);
    top += rendered.height;
  }
  const height = top + MARGIN - PANEL_GAP;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${String(WIDTH)}" height="${String(height)}" viewBox="0 0 ${String(WIDTH)} ${String(height)}" font-family="${FONT}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}
