// Preloaded by `npm start` (node --import) before Astro's server: a bad setting stops
// the process, naming the variable, instead of failing later on the first request.
import { env } from "./env.ts";

try {
  env();
} catch (error) {
  console.error(`landing: invalid environment: ${(error as Error).message}`);
  process.exit(1);
}
