// Offline after the first visit: keep a copy of the explorer's own files and
// answer from it when the network is gone. Network first, so a new build is
// picked up as soon as it is reachable; but an index chunk's name carries
// its checksum, so a kept chunk is never fetched again. `dossier build`
// names the cache after its build, so a new build starts a new cache.

const CACHE = 'dossier-v1';
const CHUNK = /\/index\/[a-z]+-\d+-[0-9a-f]{16}\.bin$/;
const FILES = ['./', './index.html', './main.css', './dossier.js', './dossier_bg.wasm', './dossier-embed.js'];

// The page has just fetched these files: take them from the browser's HTTP
// cache (force-cache) rather than downloading them a second time; only a
// file the HTTP cache does not hold goes to the network.
self.addEventListener('install', (event) => {
  const requests = FILES.map((f) => new Request(f, { cache: 'force-cache' }));
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(requests)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  // Only our own files; anything else is not ours to answer.
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  if (CHUNK.test(new URL(req.url).pathname)) {
    event.respondWith(
      caches.match(req).then((hit) => hit ?? fetch(req, { cache: 'force-cache' }).then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return res;
      })),
    );
    return;
  }
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return res;
      })
      .catch(() => caches.match(req, { ignoreSearch: true }).then((hit) => hit ?? Response.error())),
  );
});
