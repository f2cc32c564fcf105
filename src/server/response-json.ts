import { ErrorCode } from '../errors.js';

/**
 * Compact JSON (Apollo indents by default, which costs time and bytes on every large answer),
 * replaced by a RESPONSE_TOO_LARGE error past maxBytes. Lists are capped and the cost estimated
 * first, so this is the last guard, not the only one.
 */
export function stringifyWithin(maxBytes: number) {
  return (value: unknown): string => {
    const text = JSON.stringify(value);
    // UTF-16 length ≤ UTF-8 bytes ≤ 3 × it: count bytes only when it may matter.
    if (text.length * 3 <= maxBytes) return text;
    const bytes = Buffer.byteLength(text);
    if (bytes <= maxBytes) return text;
    return JSON.stringify({
      errors: [
        {
          message: `The response would be ${bytes} bytes, over the limit of ${maxBytes}: ask for smaller pages (first) or fewer fields.`,
          extensions: { code: ErrorCode.RESPONSE_TOO_LARGE, limit: 'responseBytes', max: maxBytes, found: bytes },
        },
      ],
    });
  };
}
