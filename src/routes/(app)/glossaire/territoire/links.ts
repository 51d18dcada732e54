/** Addresses of the glossary pages of a territory (shared by the pages and their server side). */
export const listHref = (t: { type: string; code: string }, done?: string) =>
	`/glossaire/territoire?niveau=${t.type}&code=${encodeURIComponent(t.code)}${done ? `&fait=${done}` : ''}`;

export const termHref = (t: { type: string; code: string }, key?: string) =>
	`/glossaire/territoire/terme?niveau=${t.type}&code=${encodeURIComponent(t.code)}${key ? `&cle=${encodeURIComponent(key)}` : ''}`;
