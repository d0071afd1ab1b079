/**
 * `Content-Disposition: attachment` per RFC 6266: an ASCII fallback `filename="…"` (quotes, backslashes, control
 * characters and non-ASCII replaced by `_`, so nothing can close the quoted string or start a new header line)
 * and the exact name as `filename*=UTF-8''…` (RFC 5987 percent-encoding).
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_').slice(0, 200) || 'download';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}

function encodeRfc5987(s: string): string {
  // encodeURIComponent leaves !'()* unescaped; RFC 5987 attr-char does not allow ' ( ) *
  return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '_')).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
