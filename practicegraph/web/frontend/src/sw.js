// Service worker: the peer-visit and mentoring forms open with no connection.
// Pages: network first, the last good copy when offline. Static files: cache first.
const CACHE = "pg-web-v1";
const STATIC = ["/static/web/app.js", "/static/web/app.css", "/static/web/manifest.webmanifest", "/static/web/icon.svg"];
const PAGES = ["/record/visit", "/record/mentoring"];

async function keepGood(cache, url, response) {
  if (response && response.ok && !response.redirected) await cache.put(url, response.clone());
  return response;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(STATIC);
    for (const page of PAGES) {
      try { await keepGood(cache, page, await fetch(page, { credentials: "same-origin", redirect: "manual" })); } catch (e) { /* offline: later */ }
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/web/")) {
    event.respondWith(caches.match(req, { ignoreSearch: true }).then((hit) => hit || fetch(req)));
  } else if (req.mode === "navigate" && PAGES.includes(url.pathname)) {
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      try {
        return await keepGood(cache, url.pathname, await fetch(req));
      } catch (e) {
        const hit = await cache.match(url.pathname);
        if (hit) return hit;
        throw e;
      }
    })());
  }
});
