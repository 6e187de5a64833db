/** The admin token, entered once in this browser and forgotten with one click. */
const KEY = 'bookstrack.adminToken';

export const adminToken = (): string | undefined => localStorage.getItem(KEY) ?? undefined;
export const keepAdminToken = (token: string): void => localStorage.setItem(KEY, token);
export const forgetAdminToken = (): void => localStorage.removeItem(KEY);
