// Imported once at server start (see instrumentation.ts): a bad setting stops the
// process, naming the variable, instead of failing later on the first request.
import { env } from "./env.ts";

try {
  env();
} catch (error) {
  console.error(`web: invalid environment: ${(error as Error).message}`);
  process.exit(1);
}
