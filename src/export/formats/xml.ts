/** Just enough XML writing for GraphML and GEXF: escaping, attributes, one element per line. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Escapes text for element content and double-quoted attributes. Control characters that XML 1.0
 * cannot carry even as references are dropped; tab, LF and CR become references so that an
 * attribute value keeps them instead of a parser normalizing them to spaces.
 */
export function escapeXml(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- the point is to remove these
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
      .replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`)
  );
}

/** ` a="1" b="2"`, leaving out attributes without a value. */
export function xmlAttrs(attrs: Record<string, string | null | undefined>): string {
  return Object.entries(attrs)
    .filter((kv): kv is [string, string] => kv[1] != null)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
