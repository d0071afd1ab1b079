export const dynamic = 'force-dynamic';

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OfferPilot is temporarily unavailable</title>
<style>
body { margin: 0; min-height: 100vh; display: grid; place-items: center; font-family: system-ui, sans-serif;
  background: linear-gradient(135deg, #151a2d, #3b5bdb); color: #1a1d23; }
main { background: #fff; border-radius: 12px; padding: 2rem; max-width: 26rem; }
h1 { margin: 0 0 0.5rem; font-size: 1.4rem; }
a { color: #3b5bdb; }
</style>
</head>
<body>
<main>
<h1>OfferPilot is temporarily unavailable</h1>
<p>We cannot serve this page right now. Nothing you saved is lost; please try again in a moment.</p>
<p><a href="/">Try again</a></p>
</main>
</body>
</html>`;

/**
 * The neutral "service unavailable" page (HTTP 503) that server-rendered pages redirect to while the database is
 * down (lib/http/page-outage.ts): no host, no driver text — those are in the log only.
 */
export function GET(): Response {
  return new Response(HTML, {
    status: 503,
    headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': '5', 'cache-control': 'no-store' },
  });
}
