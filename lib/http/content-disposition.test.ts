import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './content-disposition';

describe('attachmentDisposition (RFC 6266)', () => {
  it('cannot be used to inject a second filename parameter', () => {
    expect(attachmentDisposition('x"; filename="evil.exe')).toBe(
      `attachment; filename="x__ filename=_evil.exe"; filename*=UTF-8''x%22%3B%20filename%3D%22evil.exe`,
    );
  });
  it('encodes non-Latin names and strips CR/LF so the header stays valid', () => {
    expect(attachmentDisposition('модель v1.onnx')).toBe(
      `attachment; filename="______ v1.onnx"; filename*=UTF-8''%D0%BC%D0%BE%D0%B4%D0%B5%D0%BB%D1%8C%20v1.onnx`,
    );
    const crlf = attachmentDisposition('a\r\nSet-Cookie: x=1.onnx');
    expect(crlf).not.toMatch(/[\r\n]/);
    expect(() => new Headers({ 'content-disposition': crlf })).not.toThrow();
    expect(() => new Headers({ 'content-disposition': attachmentDisposition('модель') })).not.toThrow();
  });
});
