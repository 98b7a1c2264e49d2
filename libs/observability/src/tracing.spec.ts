import { tracingConfigured } from './tracing';

describe('tracingConfigured', () => {
  it('should be off by default', () => {
    expect(tracingConfigured({})).toBe(false);
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }],
  ])('should be on when the standard OTLP variables name an endpoint: %p', (env) => {
    expect(tracingConfigured(env)).toBe(true);
  });

  it.each([[{ OTEL_SDK_DISABLED: 'true' }], [{ OTEL_TRACES_EXPORTER: 'none' }]])(
    'should stay off with an endpoint when %p',
    (off) => {
      expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', ...off })).toBe(false);
    },
  );
});
