const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML (the summary renders markdown with inline HTML): task names and output are never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] as string);
}

/**
 * Text for a markdown table cell: HTML-escaped, plus the characters markdown would read as syntax in a cell —
 * `|` ends the cell, a newline ends the row, and `` ` `` `*` `_` `[` `]` `\` would format or link.
 */
export function escapeCell(text: string): string {
  return escapeHtml(text)
    .replace(/\r?\n/g, ' ')
    .replace(/[|`*_[\]\\]/g, (char) => `&#${char.charCodeAt(0)};`);
}
