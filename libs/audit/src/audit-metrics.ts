import { Histogram } from 'prom-client';

// Time to append one audit record, by AuditWriter method (append in the caller's transaction,
// appendWith / appendWithCaseUpdate in the projection's statement, appendAlone on its own). Not
// registered anywhere here: the api's and the worker's metrics registries each add it.
export const auditWriteSeconds = new Histogram({
  name: 'comity_audit_write_seconds',
  help: 'Time to append an audit record, by writer method and outcome',
  labelNames: ['method', 'outcome'],
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  registers: [],
});

/** Times an async method of the writer into auditWriteSeconds. */
export function timedAuditWrite(): MethodDecorator {
  return (_target, key, descriptor: PropertyDescriptor) => {
    const write = descriptor.value as (...args: unknown[]) => Promise<unknown>;
    descriptor.value = async function (this: unknown, ...args: unknown[]) {
      const end = auditWriteSeconds.startTimer({ method: String(key) });
      try {
        const result = await write.apply(this, args);
        end({ outcome: 'ok' });
        return result;
      } catch (err) {
        end({ outcome: 'error' });
        throw err;
      }
    };
    return descriptor;
  };
}
