// Test stand-in for the 'server-only' marker package (Next.js enforces the real boundary at build time).
export {};
