// Server settings Comity relies on, given to every Temporal server it starts (the dev server of
// `npm start`, the tests' and the benchmarks'); docker-compose.yml and deploy/ set the same ones
// in the server's dynamic configuration.
export const TEMPORAL_DYNAMIC_CONFIG: Record<string, boolean | number> = {
  // A decision's projection is a regular activity scheduled by the workflow task that accepts the
  // Update. Eager execution hands it back to the same worker in that task's completion response,
  // instead of a trip through matching to a poller: one hop fewer on every decision. The server
  // defaults it off; the SDK asks for it on every activity.
  'system.enableActivityEagerExecution': true,
};

/** The settings as `temporal server start-dev` arguments, with any test-only additions. */
export function dynamicConfigArgs(extra: Record<string, boolean | number> = {}): string[] {
  return Object.entries({ ...TEMPORAL_DYNAMIC_CONFIG, ...extra }).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
}
