// The workflow-side tracing interceptors, as a module path for the bundler and the Worker.
export const TRACING_WORKFLOW_MODULE = require.resolve('./tracing.workflow-interceptors');
