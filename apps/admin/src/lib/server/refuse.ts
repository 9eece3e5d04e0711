import { error } from "@sveltejs/kit";

/**
 * Ends a page's load with a status and a message written for the person reading it (an
 * address that names no user, a page number that is not one). The error page shows the
 * message; SvelteKit's own messages ("Not Found") and failures are shown in words of its own.
 */
export function refuse(status: 400 | 404, message: string): never {
  error(status, message, { explained: true });
}
