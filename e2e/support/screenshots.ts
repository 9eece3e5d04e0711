// Screenshots the journeys take: every one into e2e/.artifacts/screenshots, and the ones the
// README shows into docs/screenshots too when UPDATE_SCREENSHOTS=1.
import { copyFile, mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

import type { Locator, Page } from "@playwright/test";

import { updateCommittedScreenshots } from "./env.ts";

const ARTIFACTS = fileURLToPath(new URL("../.artifacts/screenshots/", import.meta.url));
const COMMITTED = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

/** A whole page, or one part of it (a card); `committed` for the ones the README shows. */
export async function shoot(target: Page | Locator, name: string, committed: boolean) {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = `${ARTIFACTS}${name}.png`;
  await target.screenshot("goto" in target ? { path, fullPage: true } : { path });
  if (updateCommittedScreenshots() && committed) {
    await mkdir(COMMITTED, { recursive: true });
    await copyFile(path, `${COMMITTED}${name}.png`);
  }
}
