import { createBooksTrackClient, type BooksTrackClient } from '../../src/client/index.js';

/** The page's one client: HTTP calls and the subscription socket to the server that served it. */
export const client: BooksTrackClient = createBooksTrackClient({ url: location.origin });

/** A refusal as the server worded it, and the field it names when it names one. */
export interface Refusal {
  message: string;
  code: string | undefined;
  field: string | undefined;
}

/** What a failed call said (a tRPC error carries the server's message, app code and field). */
export function refusalOf(error: unknown): Refusal {
  const data = (error as { data?: { appCode?: string; field?: string | null } } | undefined)?.data;
  const message = error instanceof Error ? error.message : String(error);
  return { message, code: data?.appCode, field: data?.field ?? undefined };
}
