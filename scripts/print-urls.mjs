// Waits until the api reports itself healthy, then prints where everything is.
const api = `http://127.0.0.1:${process.env.API_PORT ?? 3000}`;
const ui = `http://127.0.0.1:${process.env.TEMPORAL_UI_PORT ?? 8233}`;
const deadline = Date.now() + 180_000;

while (Date.now() < deadline) {
  try {
    const res = await fetch(`${api}/health`);
    if (res.ok) {
      console.log(`
  Comity is running.
    Web app      ${api}/   (Spanish; English one click away)
    API          ${api}/api/v1
    API docs     ${api}/api/docs   (OpenAPI JSON: ${api}/api/docs-json)
    Health       ${api}/health
    Temporal UI  ${ui}
  Press Ctrl-C to stop; data is kept in .data/ and the database for the next run.
`);
      process.exit(0);
    }
  } catch {
    // not up yet
  }
  await new Promise((r) => setTimeout(r, 1000));
}
console.error('The api did not become healthy within 3 minutes; see the api and worker logs above.');
process.exit(1);
