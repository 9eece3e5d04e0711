// The only reader of process.env in the benchmarks: `npm run bench` starts the database
// and passes its URI and kind down.
export function benchEnv(): { mongodbUri: string; databaseKind: string; outDir: string } {
  const mongodbUri = process.env.MONGODB_URI;
  if (!mongodbUri)
    throw new Error("MONGODB_URI is not set: run the benchmarks with `npm run bench`");
  return {
    mongodbUri,
    databaseKind: process.env.BENCH_DATABASE_KIND ?? "MongoDB",
    outDir: process.env.BENCH_OUT_DIR ?? "docs/bench",
  };
}

/** The little of this process's environment a spawned server needs to run at all. */
export function childProcessEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
}
