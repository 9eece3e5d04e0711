// The directory's pages are numbered from 1 in the address, as people count them; the core
// counts from 0. A bound keeps a typed-in number from asking the database to skip millions.
const MAX_PAGE = 10_000;

/** The page number `?page=` asks for (1 when absent), or null when it is not one. */
export function pageNumber(value: string | null): number | null {
  if (value === null || value === "") return 1;
  if (!/^[1-9][0-9]{0,4}$/.test(value)) return null;
  const page = Number(value);
  return page <= MAX_PAGE ? page : null;
}
