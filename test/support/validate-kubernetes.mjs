// Validates Kubernetes objects (a JSON array on stdin) against the Kubernetes API schemas with
// kubernetes-models, and prints one result per object: {ok: true} or {ok: false, error}.
// A plain Node.js ES module run as its own process: kubernetes-models is ESM-only, with
// import-only package exports that jest's CommonJS resolver cannot follow.
const input = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.on('data', (chunk) => (text += chunk)).on('end', () => resolve(text));
}));
const results = [];
for (const object of input) {
  try {
    const group = object.apiVersion.includes('/') ? object.apiVersion : 'v1';
    const module = await import(`kubernetes-models/${group}/${object.kind}`);
    new module[object.kind](object).validate();
    results.push({ ok: true });
  } catch (err) {
    results.push({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
}
process.stdout.write(JSON.stringify(results));
