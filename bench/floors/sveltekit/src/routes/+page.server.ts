import type { PageServerLoad } from "./$types";

/** A page of the directory, as the console shows it: 20 users. */
const USERS = Array.from({ length: 20 }, (_, index) => ({
  id: `0123456789abcdef${String(index).padStart(8, "0")}`,
  username: `bench-user-${String(index).padStart(2, "0")}`,
  createdAt: new Date(Date.UTC(2025, 10, 1, 12, index)),
  lastSeenAt: index % 3 === 0 ? null : new Date(Date.UTC(2025, 10, 30, 18, index)),
  sessionCount: index % 4,
  lockedAt: index === 7 ? new Date(Date.UTC(2025, 10, 29)) : null,
  isAdmin: index === 0,
}));

// The admin console's user directory without the kit: constant users, no session, no database.
export const load: PageServerLoad = ({ url }) => ({
  query: (url.searchParams.get("q") ?? "").trim(),
  page: 1,
  users: USERS,
  hasMore: false,
});
