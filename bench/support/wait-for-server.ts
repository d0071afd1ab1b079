/**
 * Waits until a server started by a bench answers `url` (with a 2xx; `anyStatus`: with anything, it listens),
 * polling every 100 ms; throws after `seconds` (default 60), naming the url.
 */
export async function waitForServer(url: string, opts: { seconds?: number; anyStatus?: boolean } = {}): Promise<void> {
  const deadline = Date.now() + (opts.seconds ?? 60) * 1000;
  while (Date.now() < deadline) {
    const up = await fetch(url).then(
      (r) => opts.anyStatus || r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer in ${opts.seconds ?? 60} s (is there a build? npx next build)`);
}
