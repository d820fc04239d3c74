/**
 * Escaping for each place run data ends up. Test names, labels, paths and stack lines
 * come from user code and are never trusted: a test named `<img src=x onerror=…>` must
 * show as text in every report.
 */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML element content and quoted attribute values (also inside SVG). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch)
}

/**
 * Escapes text for a GitHub Markdown table cell or list item: HTML-escaped (GitHub renders
 * inline HTML), pipes escaped so a cell cannot split, and newlines folded into spaces.
 */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]|]/g, (ch) => `\\${ch}`)
}

/** Escapes the message of a GitHub workflow command (`::error …::message`). */
export function escapeAnnotationData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Escapes a property value of a GitHub workflow command (`file=…,title=…`). */
export function escapeAnnotationProperty(text: string): string {
  return escapeAnnotationData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
